// While a document is queued or building, refresh its card every two seconds.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-report-status]").forEach((card) => {
    const refresh = async () => {
      const body = card.querySelector("[data-card-pending]");
      if (!body || body.dataset.cardPending !== "true") return;
      try {
        const response = await fetch(card.dataset.reportStatus, { headers: { Accept: "text/html" } });
        if (response.ok) card.innerHTML = await response.text();
      } catch (error) {
        // A dropped connection: try again on the next tick.
      }
      window.setTimeout(refresh, 2000);
    };
    window.setTimeout(refresh, 2000);
  });
});

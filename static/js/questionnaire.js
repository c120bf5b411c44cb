// Follow-up questions show only while the answer they follow is chosen (a follow-up of a
// follow-up only while that one shows). Without this script every follow-up shows, with the
// note saying whom it is for; the server ignores whatever a follow-up not asked holds.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("questionnaire");
  const followUps = form ? Array.from(form.querySelectorAll("[data-shown-if]")) : [];
  if (!followUps.length) return;
  const update = () => {
    followUps.forEach((question) => {
      const source = document.getElementById(`question-${question.dataset.shownIf}`);
      const chosen =
        source !== null &&
        !source.hidden &&
        Array.from(source.querySelectorAll(`input[name="q${question.dataset.shownIf}"]`)).some(
          (input) => input.checked && input.value === question.dataset.shownIfValue,
        );
      question.hidden = !chosen;
    });
  };
  form.addEventListener("change", update);
  update();
});

// Follow-up questions show only while one of the answers they follow is chosen, or while
// the answer to the scale they follow lies in their range (a follow-up of a follow-up only
// while that one shows). Without this script every follow-up shows, with the note saying whom it is
// for; the server ignores whatever a follow-up not asked holds.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("questionnaire");
  const followUps = form ? Array.from(form.querySelectorAll("[data-shown-if]")) : [];
  if (!followUps.length) return;
  const followed = (question, input) => {
    const { shownIfValues, shownIfFrom, shownIfTo } = question.dataset;
    if (shownIfValues !== undefined) return shownIfValues.split(" ").includes(input.value);
    // "Don't know" ("dk") is no number, and lies in no range.
    const value = /^\d+$/.test(input.value) ? Number(input.value) : NaN;
    return value >= Number(shownIfFrom) && value <= Number(shownIfTo);
  };
  const update = () => {
    followUps.forEach((question) => {
      const source = document.getElementById(`question-${question.dataset.shownIf}`);
      const chosen =
        source !== null &&
        !source.hidden &&
        Array.from(source.querySelectorAll(`input[name="q${question.dataset.shownIf}"]`)).some(
          (input) => input.checked && followed(question, input),
        );
      question.hidden = !chosen;
    });
  };
  form.addEventListener("change", update);
  update();
});

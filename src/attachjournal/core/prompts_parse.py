"""Check the plain data of a prompts file and build the frozen questions from it. Every
problem names the file, the questionnaire, the question id and the field, so a person who
edits their own prompts.yaml can find it."""

from __future__ import annotations

from typing import Any

from attachjournal.core.questions import (
    KINDS,
    OPTIONAL_QUESTIONNAIRES,
    QUESTIONNAIRES,
    REVIEW_CONDITIONS,
    Prompts,
    Question,
    Questionnaire,
    ReviewQuestion,
    storable,
)
from attachjournal.core.vocabulary import REQUIRED_IDS
from attachjournal.errors import PromptsError


def parse(data: Any, name: str = "prompts.yaml") -> Prompts:
    if not isinstance(data, dict):
        raise PromptsError(f"{name}: expected a mapping with a 'questionnaires' key.")
    raw_sets = data.get("questionnaires")
    if not isinstance(raw_sets, dict):
        raise PromptsError(f"{name}: 'questionnaires' must be a mapping of name -> questionnaire.")
    questionnaires = {}
    for set_name in QUESTIONNAIRES:
        if set_name not in raw_sets:
            if set_name in OPTIONAL_QUESTIONNAIRES:
                continue
            raise PromptsError(f"{name}: questionnaire '{set_name}' is missing.")
        questionnaires[set_name] = _questionnaire(raw_sets[set_name], set_name, name)
    return Prompts(
        source=name,
        questionnaires=questionnaires,
        review_questions=_review_questions(data.get("review_questions", []), name),
    )


def _questionnaire(raw: Any, set_name: str, name: str) -> Questionnaire:
    where = f"{name}: questionnaire '{set_name}'"
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise PromptsError(f"{where}: needs a 'questions' list.")
    questions: list[Question] = []
    for index, item in enumerate(raw["questions"], start=1):
        question = _question(item, index, f"{name}: {set_name}", questions)
        questions.append(question)
    ids = [q.id for q in questions]
    missing = [qid for qid in REQUIRED_IDS[set_name] if qid not in ids]
    if missing:
        raise PromptsError(f"{where}: missing question id(s) {', '.join(missing)}.")
    quick = _quick(raw.get("quick"), where, [q for q in questions if not q.retired])
    return Questionnaire(
        name=set_name,
        quick=quick,
        title=storable(str(raw.get("title") or set_name.capitalize())),
        intro=storable(str(raw.get("intro") or "")),
        questions=tuple(q for q in questions if not q.retired),
        retired=tuple(q for q in questions if q.retired),
    )


def _quick(raw: Any, where: str, questions: list[Question]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise PromptsError(f"{where}: 'quick' must map question ids to a shorter wording.")
    out = []
    for qid, text in raw.items():
        if not any(q.id == qid for q in questions):
            raise PromptsError(f"{where}: 'quick' names {qid!r}, not a question asked today.")
        out.append((str(qid), storable(str(text or "").strip())))
    return tuple(out)


def _question(item: Any, index: int, where: str, earlier: list[Question]) -> Question:
    if not isinstance(item, dict):
        raise PromptsError(f"{where}, question #{index}: expected a mapping with id, kind, text.")
    qid = item.get("id")
    if not isinstance(qid, str) or not qid.isidentifier():
        raise PromptsError(f"{where}, question #{index}: 'id' must be a word like 'resourced'.")
    here = f"{where}, question '{qid}'"
    if any(q.id == qid for q in earlier):
        raise PromptsError(f"{here}: the id is used twice.")
    kind = item.get("kind")
    if kind not in KINDS:
        raise PromptsError(f"{here}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r}).")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PromptsError(f"{here}: 'text' is missing.")
    past_text = item.get("past_text")
    if past_text is not None and (not isinstance(past_text, str) or not past_text.strip()):
        raise PromptsError(
            f"{here}: 'past_text' must be the question's wording for an earlier day."
        )
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise PromptsError(f"{here}: 'required' must be true or false.")
    if kind == "text" and required:
        raise PromptsError(f"{here}: free text is never required; remove 'required'.")
    retired = item.get("retired", False)
    if not isinstance(retired, bool) or (retired and required):
        raise PromptsError(f"{here}: 'retired' must be true or false, and never with 'required'.")
    choices: tuple[tuple[str, str], ...] = ()
    partner_choices: tuple[tuple[str, str], ...] = ()
    retired_choices: tuple[tuple[str, str], ...] = ()
    if kind in ("choice", "multi"):
        choices = _choices(item.get("choices"), here)
        if item.get("partner_choices") is not None:
            partner_choices = _choices(item.get("partner_choices"), f"{here} (partner_choices)")
            stray = [v for v, _ in partner_choices if v not in dict(choices)]
            if stray:
                raise PromptsError(f"{here}: partner_choices names {stray[0]!r}, not a choice.")
        if item.get("retired_choices") is not None:
            retired_choices = _choices(item["retired_choices"], f"{here} (retired_choices)")
            if set(dict(retired_choices)) & set(dict(choices)):
                raise PromptsError(f"{here}: a retired choice is still among the choices.")
    partner_text = item.get("partner_text", "")
    if not isinstance(partner_text, str):
        raise PromptsError(f"{here}: 'partner_text' must be text.")
    when, when_answered = _when(item.get("when"), here, earlier)
    low, high = 1, 5
    if kind == "scale":
        low, high = item.get("min", 1), item.get("max", 5)
        if not (isinstance(low, int) and isinstance(high, int)) or isinstance(low, bool):
            raise PromptsError(f"{here}: 'min' and 'max' must be whole numbers.")
        if not 0 <= low < high <= 10:
            raise PromptsError(f"{here}: the scale must run from min to a larger max within 0-10.")
    return Question(
        id=qid,
        kind=kind,
        text=storable(text.strip()),
        required=required,
        choices=choices,
        min=low,
        max=high,
        low=storable(str(item.get("low") or "")),
        high=storable(str(item.get("high") or "")),
        past_text=storable(past_text.strip()) if past_text else None,
        when=when,
        when_answered=when_answered,
        retired=retired,
        partner_text=storable(partner_text.strip()),
        partner_choices=partner_choices,
        retired_choices=retired_choices,
    )


def _choices(raw: Any, here: str) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, dict):
        pairs = [(storable(str(k)), storable(str(v))) for k, v in raw.items()]
    elif isinstance(raw, list):
        pairs = [(storable(str(v)), storable(str(v))) for v in raw]
    else:
        raise PromptsError(f"{here}: 'choices' must be a list or a mapping value -> label.")
    if not pairs:
        raise PromptsError(f"{here}: 'choices' is empty.")
    for value, _ in pairs:
        if not value or "," in value or value != value.strip():
            raise PromptsError(f"{here}: choice value {value!r} must be non-empty, without commas.")
    if len({v for v, _ in pairs}) != len(pairs):
        raise PromptsError(f"{here}: a choice value appears twice.")
    return tuple(pairs)


def _when(
    raw: Any, here: str, earlier: list[Question]
) -> tuple[tuple[tuple[str, tuple[Any, ...]], ...], tuple[str, ...]]:
    """(conditions on values, ids of which one must be answered)."""
    if raw is None:
        return (), ()
    if not isinstance(raw, dict) or not raw:
        raise PromptsError(f"{here}: 'when' must map an earlier question id to a value.")
    answered: tuple[str, ...] = ()
    conditions = []
    for dep_id, expected in raw.items():
        if dep_id == "answered":
            answered = tuple(expected) if isinstance(expected, list) else (expected,)
            for other in answered:
                if not any(q.id == other for q in earlier):
                    raise PromptsError(
                        f"{here}: 'when: answered' names {other!r}, not an earlier question."
                    )
            continue
        dep = next((q for q in earlier if q.id == dep_id), None)
        if dep is None:
            raise PromptsError(
                f"{here}: 'when' names '{dep_id}', which is not an earlier question."
            )
        accepted = tuple(expected) if isinstance(expected, list) else (expected,)
        if dep.kind in ("choice", "multi"):
            unknown = [v for v in accepted if str(v) not in dep.values]
            if unknown:
                raise PromptsError(
                    f"{here}: 'when' uses {unknown[0]!r}, not a choice of '{dep_id}'."
                )
            accepted = tuple(str(v) for v in accepted)
        elif dep.kind == "yesno":
            # Answers are stored as true/false; "yes" as a string would otherwise never match.
            accepted = tuple(_yes_or_no(v, here, dep_id) for v in accepted)
        elif dep.kind == "scale":
            wrong = [v for v in accepted if not _whole_in(v, dep.min, dep.max)]
            if wrong:
                raise PromptsError(
                    f"{here}: 'when' uses {wrong[0]!r}, not a number {dep.min}-{dep.max} "
                    f"of '{dep_id}'."
                )
            accepted = tuple(int(v) for v in accepted)
        conditions.append((dep_id, accepted))
    return tuple(conditions), answered


def _yes_or_no(value: Any, here: str, dep_id: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("yes", "y", "true", "on", "1"):
        return True
    if text in ("no", "n", "false", "off", "0"):
        return False
    raise PromptsError(f"{here}: 'when' uses {value!r}, not yes or no for '{dep_id}'.")


def _whole_in(value: Any, low: int, high: int) -> bool:
    if isinstance(value, bool):
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    return low <= number <= high


def _review_questions(raw: Any, name: str) -> tuple[ReviewQuestion, ...]:
    if not isinstance(raw, list):
        raise PromptsError(f"{name}: 'review_questions' must be a list.")
    out = []
    for index, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise PromptsError(f"{name}: review question #{index} needs a 'text'.")
        when = item.get("when", "always")
        listed = when if isinstance(when, list) and when else [when]
        if not all(isinstance(w, str) and w in REVIEW_CONDITIONS for w in listed):
            raise PromptsError(
                f"{name}: review question #{index}: 'when' must be one of "
                f"{', '.join(REVIEW_CONDITIONS)} (or a list of them)."
            )
        when = tuple(listed) if isinstance(when, list) else when
        out.append(ReviewQuestion(text=storable(item["text"].strip()), when=when))
    return tuple(out)

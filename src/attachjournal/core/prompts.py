"""Load and check prompts.yaml into frozen Question and Questionnaire objects.

The packaged copy sits inside the wheel; in an editable checkout it is read from the
repository root (hatchling's force-include does not reach editable installs). A person may
replace it with their own file; every problem names the file, the question id and the field.
"""

from __future__ import annotations

from pathlib import Path

# Where the file is and how it is read, what a question is and how a file is checked live
# beside this module; callers name them here (prompts.Question, prompts.parse), so this stays
# the one way in.
from attachjournal.core.prompts_file import packaged_path as packaged_path
from attachjournal.core.prompts_file import read_data

# The safety net reads its own YAML files through the same remembered parse.
from attachjournal.core.prompts_file import read_yaml as _read_yaml  # noqa: F401
from attachjournal.core.prompts_parse import parse as parse
from attachjournal.core.questions import KINDS as KINDS
from attachjournal.core.questions import OPTIONAL_QUESTIONNAIRES
from attachjournal.core.questions import QUESTIONNAIRES as QUESTIONNAIRES
from attachjournal.core.questions import REVIEW_CONDITIONS as REVIEW_CONDITIONS
from attachjournal.core.questions import Prompts as Prompts
from attachjournal.core.questions import Question as Question
from attachjournal.core.questions import Questionnaire as Questionnaire
from attachjournal.core.questions import ReviewQuestion as ReviewQuestion
from attachjournal.core.questions import storable as storable
from attachjournal.core.vocabulary import DEFAULT_SCALE
from attachjournal.core.vocabulary import REQUIRED_IDS as REQUIRED_IDS
from attachjournal.errors import PromptsError as PromptsError


def load(path: Path | None = None) -> Prompts:
    """Read and validate a prompts file (the packaged one when path is None)."""
    source = Path(path) if path is not None else packaged_path()
    loaded = parse(read_data(path), str(source))
    missing = [n for n in OPTIONAL_QUESTIONNAIRES if n not in loaded.questionnaires]
    if missing and path is not None:
        # A file of my own written before a questionnaire existed: the shipped one fills in.
        from dataclasses import replace

        shipped = load()
        found = {n: shipped[n] for n in missing if n in shipped.questionnaires}
        loaded = replace(loaded, questionnaires={**loaded.questionnaires, **found})
    return loaded


def scale_of(prompts: Prompts | None, kind: str, question_id: str) -> tuple[int, int]:
    """A scale's own (min, max) from the person's prompts.yaml; 1-5 when it is not there."""
    question = None
    if prompts is not None and kind in prompts.questionnaires:
        question = prompts[kind].get(question_id)
    if question is None or question.kind != "scale":
        return DEFAULT_SCALE
    return question.min, question.max

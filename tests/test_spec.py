"""The one declaration of the format: a valid JSON Schema that agrees with the loader and model."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from interface_examples import AFTER_WORKOUT, CALF_CRAMP, EXERCISES_EXAMPLE, WALL_LEAN

from stretchapp import resources
from stretchapp.core import spec
from stretchapp.core.loader import EXERCISES_FILE, TIPS_FILE, load_exercises, load_routine
from stretchapp.core.routine import Category, CueTexts, Exercise, Routine, Sides, Step, Tip


class EditorLoader(yaml.SafeLoader):
    """Reads YAML the way editors do (YAML 1.2 core schema): 09:00 and no stay text."""


EditorLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
]:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    value = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    if value.startswith(("0o", "0x")):
        return int(value, 0)
    return int(value, 10)


EditorLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def as_editors_see(text: str) -> Any:
    return yaml.load(textwrap.dedent(text), Loader=EditorLoader)  # noqa: S506 (a SafeLoader)


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "schema",
    [spec.routine_schema(), spec.exercises_schema(), spec.tips_schema(), spec.schema_document()],
    ids=["routine", "exercises", "tips", "document"],
)
def test_schemas_are_valid_json_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_document_covers_all_three_files() -> None:
    document = spec.schema_document()
    assert {"routine", "step", "exercises", "exercise", "cues", "tips", "tip"} <= set(
        document["$defs"]
    )
    assert document["anyOf"] == [
        {"$ref": "#/$defs/routine"},
        {"$ref": "#/$defs/exercises"},
        {"$ref": "#/$defs/tips"},
    ]


def test_every_property_has_a_description_for_editors() -> None:
    for definition in spec.schema_document()["$defs"].values():
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), name


def _bundled() -> list[Path]:
    return sorted(resources.routines_dir().glob("*.yaml"))


def test_there_are_bundled_files() -> None:
    names = {p.name for p in _bundled()}
    assert {EXERCISES_FILE, TIPS_FILE, "relief-calf.yaml", "wall-lean-daily.yaml"} <= names


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_every_bundled_file_matches_the_schema(path: Path) -> None:
    schema = {
        EXERCISES_FILE: spec.exercises_schema(),
        TIPS_FILE: spec.tips_schema(),
    }.get(path.name, spec.routine_schema())
    data = as_editors_see(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(data)]
    assert errors == []
    assert validator(spec.schema_document()).is_valid(data)


# The examples of docs/interfaces.md section 1, and one routine that uses every key.
GOOD_ROUTINES = [
    CALF_CRAMP,
    WALL_LEAN,
    AFTER_WORKOUT,
    """\
    title: Every key
    category: relief
    id: every-key
    muscle: quad
    summary: x
    source: [a.txt]
    prepare: 0
    switch: 1:30
    breath: 4.5
    transition: 2 min
    schedule: ["7:05"]
    steps:
      - {exercise: massage, manual: true, suggested: 1m, rest: 0, reps: 2, sides: left,
         cues: {start: "{name}, gently.", end: x, halfway: x, switch: x, rep: x}}
    """,
]

EXERCISE_IDS = ["calf-lunge", "toe-pull", "heel-walk", "massage", "wall-lean", "hamstring-fold"]
EXERCISE_IDS += ["downward-dog", "kneeling-quad"]
KNOWN = {i: Exercise(i, i) for i in EXERCISE_IDS}


def _loads(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "r.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    routine, _ = load_routine(path, exercises=KNOWN)
    return routine is not None


@pytest.mark.parametrize("text", GOOD_ROUTINES)
def test_good_examples_pass_both(tmp_path: Path, text: str) -> None:
    assert validator(spec.routine_schema()).is_valid(as_editors_see(text))
    assert _loads(tmp_path, text)


BASE = "title: T\ncategory: daily\n"
# Files both must refuse: the loader and the schema come from one declaration.
BAD_ROUTINES = {
    "negative hold": BASE + "steps: [{exercise: massage, hold: -5}]",
    "zero hold": BASE + "steps: [{exercise: massage, hold: 0}]",
    "hold over 2h": BASE + "steps: [{exercise: massage, hold: 7201}]",
    "bad duration text": BASE + "steps: [{exercise: massage, hold: soon}]",
    "two timings": BASE + "steps: [{exercise: massage, hold: 5, duration: 5}]",
    "no timing": BASE + "steps: [{exercise: massage}]",
    "reps and repeat_for": BASE + "steps: [{exercise: massage, hold: 5, reps: 2, repeat_for: 1m}]",
    "repeat_for on duration": BASE + "steps: [{exercise: massage, duration: 5, repeat_for: 1m}]",
    "suggested without manual": BASE + "steps: [{exercise: massage, hold: 5, suggested: 1m}]",
    "reps over 100": BASE + "steps: [{exercise: massage, hold: 5, reps: 101}]",
    "reps zero": BASE + "steps: [{exercise: massage, hold: 5, reps: 0}]",
    "manual false": BASE + "steps: [{exercise: massage, manual: false}]",
    "bad sides": BASE + "steps: [{exercise: massage, hold: 5, sides: up}]",
    "unknown step key": BASE + "steps: [{exercise: massage, hold: 5, hodl: 5}]",
    "unknown step cue": BASE + "steps: [{exercise: massage, hold: 5, cues: {stat: go}}]",
    "step cues a list": BASE + "steps: [{exercise: massage, hold: 5, cues: [go]}]",
    "unknown key": BASE + "colour: red\nsteps: [{exercise: massage, hold: 5}]",
    "no title": "category: daily\nsteps: [{exercise: massage, hold: 5}]",
    "no steps": BASE,
    "empty steps": BASE + "steps: []",
    "bad category": "title: T\ncategory: nightly\nsteps: [{exercise: massage, hold: 5}]",
    "muscle on daily": BASE + "muscle: calf\nsteps: [{exercise: massage, hold: 5}]",
    "escalate on daily": BASE + "escalate_after: 1m\nsteps: [{exercise: massage, hold: 5}]",
    "bad schedule": BASE + "schedule: ['25:00']\nsteps: [{exercise: massage, hold: 5}]",
    "bad id": "id: Big\n" + BASE + "steps: [{exercise: massage, hold: 5}]",
    "breath over a minute": BASE + "breath: 61\nsteps: [{exercise: massage, breaths: 5}]",
    "title two lines": "title: |\n  a\n  b\ncategory: daily\nsteps: [{exercise: massage, hold: 5}]",
}


@pytest.mark.parametrize("text", list(BAD_ROUTINES.values()), ids=list(BAD_ROUTINES))
def test_bad_routines_fail_both(tmp_path: Path, text: str) -> None:
    assert not validator(spec.routine_schema()).is_valid(as_editors_see(text))
    assert not _loads(tmp_path, text)


BAD_EXERCISES = {
    "absolute image": "a: {name: A, instructions: x, image: /etc/x.svg}",
    "dot-dot image": "a: {name: A, instructions: x, image: ../x.svg}",
    "nested dot-dot image": "a: {name: A, instructions: x, image: sub/../../x.svg}",
    "backslash image": "a: {name: A, instructions: x, image: 'sub\\x.svg'}",
    "no name": "a: {instructions: x}",
    "bad id": "A B: {name: A, instructions: x}",
    "unknown cue": "a: {name: A, instructions: x, cues: {stat: go}}",
}


@pytest.mark.parametrize("text", list(BAD_EXERCISES.values()), ids=list(BAD_EXERCISES))
def test_bad_exercises_fail_both(tmp_path: Path, text: str) -> None:
    assert not validator(spec.exercises_schema()).is_valid(as_editors_see(text))
    path = tmp_path / "exercises.yaml"
    path.write_text(text, encoding="utf-8")
    exercises, problems = load_exercises(path, assets_dir=tmp_path, user=True)
    assert problems
    assert not exercises


def test_good_exercise_with_a_sub_folder_image(tmp_path: Path) -> None:
    (tmp_path / "exercises" / "sub").mkdir(parents=True)
    (tmp_path / "exercises" / "sub" / "x.svg").write_text("<svg/>", encoding="utf-8")
    text = "a: {name: A, instructions: x, image: sub/x.svg, cues: {start: 'Go {side}'}}"
    assert validator(spec.exercises_schema()).is_valid(as_editors_see(text))
    path = tmp_path / "exercises.yaml"
    path.write_text(text, encoding="utf-8")
    exercises, problems = load_exercises(path, assets_dir=tmp_path)
    assert problems == []
    assert exercises["a"].image == "sub/x.svg"


def _field_defaults(cls: type) -> dict[str, Any]:
    return {f.name: f.default for f in dataclasses.fields(cls)}


def test_spec_defaults_are_the_model_defaults() -> None:
    routine = _field_defaults(Routine)
    for field in spec.ROUTINE.fields:
        if field.default is not None:
            assert routine[field.name] == field.default, field.name
    step = _field_defaults(Step)
    for field in spec.STEP.fields:
        if field.default is not None:
            assert step[field.name] == field.default, field.name


def test_spec_names_match_the_model() -> None:
    model = {f.name for f in dataclasses.fields(Routine)}
    assert set(spec.ROUTINE.names) - {"steps"} <= model
    assert set(spec.STEP.names) - set(spec.TIMING_KEYS) <= {
        f.name for f in dataclasses.fields(Step)
    }
    assert set(spec.EXERCISE.names) <= {f.name for f in dataclasses.fields(Exercise)}
    assert set(spec.CUES.names) == {f.name for f in dataclasses.fields(CueTexts)}
    assert set(spec.TIP.names) <= {f.name for f in dataclasses.fields(Tip)}
    category = spec.ROUTINE.by_name["category"].kind
    sides = spec.STEP.by_name["sides"].kind
    assert isinstance(category, spec.Choice)
    assert isinstance(sides, spec.Choice)
    assert category.values == tuple(Category)
    assert sides.values == tuple(Sides)


def test_suggest() -> None:
    assert spec.suggest("hodl", spec.STEP.names) == "; did you mean 'hold'?"
    assert spec.suggest("Relief", ("relief", "daily")) == "; did you mean 'relief'?"
    assert spec.suggest("zzz", spec.STEP.names) == ""


def test_exercises_example_passes_both(tmp_path: Path) -> None:
    data = as_editors_see(EXERCISES_EXAMPLE)
    assert validator(spec.exercises_schema()).is_valid(data)
    assert validator(spec.schema_document()).is_valid(data)
    assert not validator(spec.routine_schema()).is_valid(data)
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "calf-lunge.svg").write_text("<svg/>", encoding="utf-8")
    path = tmp_path / "exercises.yaml"
    path.write_text(EXERCISES_EXAMPLE, encoding="utf-8")
    assert load_exercises(path, assets_dir=tmp_path)[1] == []


def test_routine_is_not_taken_for_an_exercises_file() -> None:
    data = as_editors_see(GOOD_ROUTINES[0])
    assert not validator(spec.exercises_schema()).is_valid(data)
    assert not validator(spec.tips_schema()).is_valid(data)

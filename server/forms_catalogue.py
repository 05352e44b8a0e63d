"""The QA form templates: their source files in ``resources/forms/`` turned into records.

A source file is a ``FormTemplateData`` without ``version`` and ``published_at``, where a
section may hold ``per_competency`` question patterns instead of (or before) its
``questions``: each pattern is repeated for every competency of the framework
(``competencies.json``), with ``{competency}``, ``{title}`` and ``{description}`` filled
in and ``"levels": "competency"`` standing for the framework's four levels with that
competency's descriptors. Keeping the framework in one file means the QA visit and the
self-assessment always rate the same competencies with the same words.

``build_template`` is what both the seed (version 1) and ``npq-server publish-template``
(later versions) use, so a published template is checked the same way however it arrives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from protocol.records import FORM_TYPES, FormTemplateData, form_template_id
from resources import resource_path

FORMS_DIR = resource_path("forms")
FAMILIES: tuple[str, ...] = ("qa_visit", "coaching_conversation", "self_assessment")
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# When version 1 of the shipped templates counts as published (the same on every server,
# so that every database, seeded or migrated, holds the same records).
SHIPPED_AT = "2026-09-01T08:00:00Z"


class TemplateError(ValueError):
    """A template source that cannot be published (the message says why)."""


def read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name}: expected a JSON object")
    return data


def competencies(path: Path | None = None) -> dict[str, Any]:
    """The facilitator competency framework (``resources/forms/competencies.json``)."""
    return read_json(path or FORMS_DIR / "competencies.json")


def source(key: str) -> dict[str, Any]:
    """The shipped source of one template family."""
    return read_json(FORMS_DIR / f"{key}.json")


def _levels_of(framework: Mapping[str, Any], competency: Mapping[str, Any]) -> list[dict]:
    descriptors = competency.get("descriptors", {})
    return [{"value": level["value"], "label": level["label"],
             "descriptor": descriptors.get(str(level["value"]), "")}
            for level in framework["levels"]]


def _fill(pattern: Mapping[str, Any], framework: Mapping[str, Any],
          competency: Mapping[str, Any]) -> dict[str, Any]:
    names = {"competency": competency["id"], "title": competency["title"],
             "description": competency.get("description", "")}
    question: dict[str, Any] = {}
    for name, value in pattern.items():
        if name == "levels" and value == "competency":
            question["levels"] = _levels_of(framework, competency)
        elif isinstance(value, str):
            question[name] = value.format(**names)
        else:
            question[name] = value
    question["competency"] = competency["id"]
    return question


def expand_sections(sections: list[Mapping[str, Any]],
                    framework: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Sections with their ``per_competency`` patterns written out as questions."""
    expanded = []
    for section in sections:
        patterns = section.get("per_competency") or []
        questions = [_fill(p, framework, c) for c in framework["competencies"]
                     for p in patterns]
        body = {k: v for k, v in section.items() if k != "per_competency"}
        body["questions"] = questions + list(section.get("questions", []))
        expanded.append(body)
    return expanded


def _check(template: FormTemplateData) -> None:
    seen: set[str] = set()
    for section in template.sections:
        if not section.questions:
            raise TemplateError(f"section {section.id!r} has no questions")
        for q in section.questions:
            if not QUESTION_ID.match(q.id):
                raise TemplateError(f"question id {q.id!r} is not snake_case")
            if q.id in seen:
                raise TemplateError(f"question id {q.id!r} appears twice")
            seen.add(q.id)
            values = [level.value for level in q.levels]
            if q.kind == "rating" and (len(values) < 2 or len(set(values)) != len(values)):
                raise TemplateError(f"rating {q.id!r} needs two or more distinct levels")
            if q.kind != "rating" and q.levels:
                raise TemplateError(f"only rating questions have levels ({q.id!r})")
    if not seen:
        raise TemplateError("a template needs at least one question")


def build_template(body: Mapping[str, Any], *, version: int, published_at: str,
                   framework: Mapping[str, Any] | None = None) -> FormTemplateData:
    """One version of a template from its source (or an already expanded template);
    ``TemplateError`` when it does not validate."""
    if body.get("kind") not in FORM_TYPES:
        raise TemplateError(f"kind must be one of {', '.join(sorted(FORM_TYPES))}")
    sections = body.get("sections")
    if not isinstance(sections, list):
        raise TemplateError("a template needs a list of sections")
    try:
        wanted = any(isinstance(s, Mapping) and s.get("per_competency") for s in sections)
        expanded = expand_sections(sections, framework or competencies()) if wanted \
            else sections
        template = FormTemplateData.model_validate({
            "key": body.get("key"), "kind": body.get("kind"), "title": body.get("title"),
            "version": version, "published_at": published_at, "sections": expanded})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors()[:5])
        raise TemplateError(problems) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise TemplateError(f"malformed template source: {exc!r}") from exc
    _check(template)
    return template


def shipped_templates(published_at: str) -> list[tuple[str, FormTemplateData]]:
    """Version 1 of every family, as (record id, data), from ``resources/forms/``."""
    framework = competencies()
    built = []
    for key in FAMILIES:
        template = build_template(source(key), version=1, published_at=published_at,
                                  framework=framework)
        built.append((form_template_id(template.key, 1), template))
    return built

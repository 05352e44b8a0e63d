"""Field rules shared by the app and the central service, so the two cannot drift.

Every text field a client can push (a walk-in's name and school, a note, an amendment
reason, a QA form's answers, the ids, dates and stamps around them) carries one ``Rule``:
how long it may be, whether it may hold line breaks, and its shape (plain text, an email
address, a date, a time of day, an id). The record payload models in ``protocol.records``
carry the rules as ``Annotated`` metadata, so the service refuses a push that breaks one
(``rejected``, code ``invalid``, the field named); the app checks what a person typed with
the very same rules before it touches its database (``app.validation.check_text``) and
says what is wrong in words.

Characters no field may hold, whatever its rule:

- control characters: C0 (U+0000-U+001F, carriage return included), DEL (U+007F) and C1
  (U+0080-U+009F); tab and line feed only in multi-line fields;
- surrogates (U+D800-U+DFFF): a lone surrogate cannot be encoded as UTF-8, so neither
  SQLite, PostgreSQL nor JSON can store it;
- Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane);
- the explicit bidirectional embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069): an unclosed one reverses or reorders whatever is shown after the field
  (the rest of a table row, a printed register). Right-to-left names need none of them;
  the implicit marks (U+200E, U+200F, U+061C) are allowed.
- line and paragraph separators (U+2028, U+2029) in one-line fields.

Lengths count code points (``len``). Rules apply to what is pushed or typed, not to what
is read: records stored before a rule existed still validate when pulled, with
``model_validate(data, context=READING)``.

This module depends on the standard library and pydantic only (it moves with the protocol
modules into a package of their own).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

# ``model_validate(data, context=READING)`` checks types but not the field rules: for
# records read back (pulled, or stored before a rule existed), never for what is pushed.
READING: dict[str, Any] = {"field_rules": False}

EARLIEST_TIME, LATEST_TIME = "06:00", "20:00"  # a mark's arrival or departure time

_PLANE_ENDS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}"
                      for plane in range(17))
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"
_NONCHARACTER = "\ufdd0-\ufdef" + _PLANE_ENDS
_BIDI = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{_CONTROL}{_SURROGATE}{_NONCHARACTER}{_BIDI}]")
_ONE_LINE_FORBIDDEN = re.compile(f"[\t\n\u2028\u2029{_CONTROL}{_SURROGATE}{_NONCHARACTER}"
                                 f"{_BIDI}]")

# Email: a plain shape check, not RFC 5322. ``local@domain``: the local part a dot-atom of
# letters (any script), digits and !#$%&'*+/=?^_`{|}~- (no leading, trailing or double
# dot), at most 64 characters; the domain at least two dot-separated labels of letters,
# digits and inner hyphens, each at most 63 characters, the last starting with a letter;
# at most 254 characters in all. No spaces, quotes, comments or IP-address domains.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_EMAIL = re.compile(rf"(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+"
                    r"[^\W\d_](?:[\w-]{0,61}[^\W_])?")
_TOKEN = re.compile(r"[!-~]*")  # printable ASCII, no spaces: ids, stamps, device ids
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")  # HH:MM, any time of the day
_ACADEMIC_YEAR = re.compile(r"[0-9]{4}/[0-9]{2}")


class Shape(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    TOKEN = "token"  # an id, a stamp, a device id
    INSTANT = "instant"  # ISO 8601, e.g. 2026-11-23T09:15:00Z
    DATE = "date"  # YYYY-MM-DD
    TIME = "time"  # HH:MM, EARLIEST_TIME to LATEST_TIME
    ACADEMIC_YEAR = "academic_year"  # 2026/27


class Flaw(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    UNENCODABLE = "unencodable"  # a surrogate
    CONTROL = "control"
    LINE_BREAK = "line_break"  # in a one-line field
    INVISIBLE = "invisible"  # a noncharacter or a bidirectional control
    SHAPE = "shape"


SHAPE_WORDS = {
    Shape.EMAIL: "an email address like name@school.org",
    Shape.TOKEN: "printable ASCII characters without spaces",
    Shape.INSTANT: "an ISO 8601 instant like 2026-11-23T09:15:00Z",
    Shape.DATE: "a date (YYYY-MM-DD)",
    Shape.TIME: f"a time of day (HH:MM) from {EARLIEST_TIME} to {LATEST_TIME}",
    Shape.ACADEMIC_YEAR: "an academic year like 2026/27",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a value: the first flaw found, and the character at fault."""

    flaw: Flaw
    rule: Rule
    length: int
    character: str = ""

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}" if self.character else ""

    def describe(self) -> str:
        """In English, for the service's answer to a push (the field's name goes before)."""
        rule = self.rule
        if self.flaw is Flaw.REQUIRED:
            return "must not be empty"
        if self.flaw is Flaw.TOO_LONG:
            return f"must be at most {rule.max_length:,} characters (it has {self.length:,})"
        if self.flaw is Flaw.UNENCODABLE:
            return f"holds a lone surrogate ({self.code_point}), which cannot be encoded"
        if self.flaw is Flaw.CONTROL:
            return f"holds a control character ({self.code_point})"
        if self.flaw is Flaw.LINE_BREAK:
            return f"must be one line (it holds {self.code_point})"
        if self.flaw is Flaw.INVISIBLE:
            return f"holds a character that is not allowed ({self.code_point})"
        return f"must be {SHAPE_WORDS[rule.shape]}"


def _character_flaw(character: str, multiline: bool) -> Flaw:
    point = ord(character)
    if 0xD800 <= point <= 0xDFFF:
        return Flaw.UNENCODABLE
    if character in "\t\n\u2028\u2029" and not multiline:
        return Flaw.LINE_BREAK
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return Flaw.CONTROL
    return Flaw.INVISIBLE


def _fits_shape(shape: Shape, text: str) -> bool:
    if shape is Shape.TEXT or not text:
        return True  # an empty value is judged by min_length alone
    if shape is Shape.EMAIL:
        return len(text) <= 254 and _EMAIL.fullmatch(text) is not None
    if shape is Shape.TOKEN:
        return _TOKEN.fullmatch(text) is not None
    if shape is Shape.TIME:
        return CLOCK_TIME.fullmatch(text) is not None and EARLIEST_TIME <= text <= LATEST_TIME
    if shape is Shape.ACADEMIC_YEAR:
        return _ACADEMIC_YEAR.fullmatch(text) is not None
    try:
        if shape is Shape.DATE:
            return _DATE.fullmatch(text) is not None and bool(dt.date.fromisoformat(text))
        return text.isascii() and bool(dt.datetime.fromisoformat(text))  # Shape.INSTANT
    except ValueError:
        return False


def _enforced(info: ValidationInfo) -> bool:
    context = info.context
    return not (isinstance(context, dict) and context.get("field_rules") is False)


@dataclass(frozen=True)
class Rule:
    """The rule of one kind of field. Used as ``Annotated[str, RULE]`` in a payload model
    (checked before pydantic's own ``str`` check, so a lone surrogate gets this message);
    on ``Annotated[Any, RULE]`` only string values are checked."""

    name: str
    max_length: int
    min_length: int = 0
    multiline: bool = False
    shape: Shape = Shape.TEXT

    def problem(self, value: str) -> Problem | None:
        """The first thing wrong with ``value`` (None: it may be stored and pushed)."""
        length = len(value)
        if length > self.max_length:
            return Problem(Flaw.TOO_LONG, self, length)
        forbidden = _FORBIDDEN if self.multiline else _ONE_LINE_FORBIDDEN
        if found := forbidden.search(value):
            return Problem(_character_flaw(found[0], self.multiline), self, length, found[0])
        if length < self.min_length or (self.min_length and not value.strip()):
            return Problem(Flaw.REQUIRED, self, length)
        if not _fits_shape(self.shape, value):
            return Problem(Flaw.SHAPE, self, length)
        return None

    def allows(self, value: str) -> bool:
        return self.problem(value) is None

    def _validate(self, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and _enforced(info):
            problem = self.problem(value)
            if problem is not None:
                raise PydanticCustomError("field_rule", "{reason}",
                                          {"reason": problem.describe()})
        return value

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.with_info_before_validator_function(self._validate, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The lengths in the OpenAPI document (the characters and shapes are in words in
        docs/protocol.md)."""
        json_schema = handler(schema)
        if json_schema.get("type") == "string":
            json_schema["maxLength"] = self.max_length
            if self.min_length:
                json_schema["minLength"] = self.min_length
        return json_schema


@dataclass(frozen=True)
class MappingRule:
    """The rule of a mapping typed by a person key by key (a QA form's answers: question
    id -> answer). Used as ``Annotated[dict[str, Any], RULE]``: keys follow ``keys``, string
    values ``values`` (other values pass, for the service's own checks). A broken rule is
    reported on the mapping itself, the key shown shortened and escaped, so a hostile key
    never reaches the answer whole."""

    keys: Rule
    values: Rule

    def problem(self, mapping: Any) -> str | None:
        """The first broken rule, in English (None: every key and value follows them)."""
        if not isinstance(mapping, dict):
            return None
        for key, value in mapping.items():
            if not isinstance(key, str):
                continue
            shown = repr(key[:20] + ("…" if len(key) > 20 else ""))
            if (problem := self.keys.problem(key)) is not None:
                return f"the key {shown} {problem.describe()}"
            if isinstance(value, str) and (problem := self.values.problem(value)) is not None:
                return f"the value of {shown} {problem.describe()}"
        return None

    def _validate(self, value: Any, info: ValidationInfo) -> Any:
        if _enforced(info) and (reason := self.problem(value)) is not None:
            raise PydanticCustomError("field_rule", "{reason}", {"reason": reason})
        return value

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.with_info_before_validator_function(self._validate, handler(source))


# ---- the rules --------------------------------------------------------------------------

PERSON_NAME = Rule("person name", 200, min_length=1)
SCHOOL = Rule("school", 300)
EMAIL = Rule("email", 254, shape=Shape.EMAIL)
CODE = Rule("code", 20)  # a qualification code, "NPQSL"
MARK_NOTE = Rule("mark note", 2000, multiline=True)
NOTE = Rule("note", 20_000, multiline=True)
REASON = Rule("amendment reason", 500)
ANSWER = Rule("answer text", 20_000, multiline=True)  # a QA form's text answer
QUESTION_ID = Rule("question id", 80, min_length=1, shape=Shape.TOKEN)
ID = Rule("id", 64, min_length=1, shape=Shape.TOKEN)
DEVICE_ID = Rule("device id", 100, shape=Shape.TOKEN)
STAMP = Rule("stamp", 200, shape=Shape.TOKEN)
INSTANT = Rule("instant", 40, min_length=1, shape=Shape.INSTANT)
DATE = Rule("date", 10, min_length=1, shape=Shape.DATE)
TIME = Rule("time of day", 5, min_length=1, shape=Shape.TIME)
ACADEMIC_YEAR = Rule("academic year", 7, min_length=1, shape=Shape.ACADEMIC_YEAR)
SERVER_TEXT = Rule("text set by the service", 1000)  # pushed values are replaced
# a deferral's or withdrawal's national reason code ("long-term-sickness")
REASON_CODE = Rule("reason code", 60, min_length=1, shape=Shape.TOKEN)
STATUS_NOTE = Rule("status note", 1000, multiline=True)  # why, in the requester's words
# the partner's profile, as its lead proposes it (issue 16)
PROFILE_OVERVIEW = Rule("partner overview", 5000, multiline=True)
CONTACT_ROLE = Rule("contact role", 200)
PHONE = Rule("phone number", 40)
VENUE_NAME = Rule("venue name", 300, min_length=1)
ADDRESS = Rule("address", 500, multiline=True)
# the envelopes (protocol.wire): signing in, refreshing, signing out
USERNAME = Rule("username", 200, min_length=1)
PASSWORD = Rule("password", 500, min_length=1)
DEVICE_NAME = Rule("device name", 200)
SECRET = Rule("token", 500, min_length=1, shape=Shape.TOKEN)  # a refresh token
ANSWERS = MappingRule(QUESTION_ID, ANSWER)  # a QA form's answers

# A qualification's participation threshold, in percent of face-to-face hours: below 50 %
# nobody would call it participation, above 100 % nobody could meet it.
THRESHOLD_LOWEST, THRESHOLD_HIGHEST, THRESHOLD_DEFAULT = 50, 100, 90
ThresholdPercent = Annotated[int, Field(ge=THRESHOLD_LOWEST, le=THRESHOLD_HIGHEST)]

RULES: tuple[Rule, ...] = (PERSON_NAME, SCHOOL, EMAIL, CODE, MARK_NOTE, NOTE, REASON, ANSWER,
                           QUESTION_ID, ID, DEVICE_ID, STAMP, INSTANT, DATE, TIME,
                           ACADEMIC_YEAR, SERVER_TEXT, REASON_CODE, STATUS_NOTE, USERNAME,
                           PASSWORD, DEVICE_NAME, SECRET, PROFILE_OVERVIEW, CONTACT_ROLE, PHONE,
                           VENUE_NAME, ADDRESS)


# ---- which rule each field of a model has ---------------------------------------------------


def rules_of(annotation: Any) -> Iterator[tuple[str, Rule | None]]:
    """(path, rule) for every place a string can sit in ``annotation``: "" for the value
    itself, "[]" for list items, "{}" for mapping keys and "[*]" for mapping values, a
    nested model's field names after a dot. The rule is None where a string (or ``Any``)
    sits without one: the drift guard's finding."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        rule = next((m for m in args[1:] if isinstance(m, Rule | MappingRule)), None)
        if isinstance(rule, MappingRule):
            yield from (("{}", rule.keys), ("[*]", rule.values))
        elif rule is not None:
            yield "", rule
        else:
            yield from rules_of(args[0])
    elif annotation is str or annotation is Any:
        yield "", None
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            for path, rule in rules_of(_annotated(field)):
                yield f".{name}{path}", rule
    elif origin in (Union, UnionType):
        for arg in args:
            yield from rules_of(arg)
    elif origin in (list, tuple, set, frozenset):
        for arg in args:
            if arg is not Ellipsis:
                yield from (("[]" + path, rule) for path, rule in rules_of(arg))
    elif origin is dict:
        yield from (("{}" + path, rule) for path, rule in rules_of(args[0]))
        yield from (("[*]" + path, rule) for path, rule in rules_of(args[1]))


def model_rules(model: type[BaseModel]) -> dict[str, Rule | None]:
    """Every string-holding field of ``model`` (nested models included) and its rule."""
    return {path.removeprefix("."): rule for path, rule in rules_of(model)}


def _annotated(field: Any) -> Any:
    """A pydantic ``FieldInfo``'s annotation with its metadata put back."""
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)]
    return field.annotation

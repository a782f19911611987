"""The JSON Schemas the rules' files follow (`behaviour`, `pattern`), each checked once per process.

`jsonschema.validate` checks the schema itself against its meta-schema at every call, which cost
a tenth of a second for each of the hundred-odd patterns and rules a process loads."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import jsonschema
from jsonschema.exceptions import best_match


@cache
def validator(name: str):
    """The validator of `<name>.schema.json`, its schema checked once."""
    schema = json.loads(resources.files(__name__).joinpath(f"{name}.schema.json").read_text())
    kind = jsonschema.validators.validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def validate(data: object, name: str) -> None:
    """Raise the most relevant `jsonschema.ValidationError` of `data`, as `jsonschema.validate` does."""
    error = best_match(validator(name).iter_errors(data))
    if error is not None:
        raise error

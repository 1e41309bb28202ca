"""The command line's JSON text is exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefitdesk.cli.jsontext import dumps

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
keys = (
    st.text()
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False, allow_infinity=False)
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner) | st.dictionaries(keys, inner) | st.tuples(inner, inner),
    max_leaves=40,
)


@settings(max_examples=500)
@given(documents)
def test_the_text_is_the_standard_librarys(value: Any) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    assert dumps(value, allow_nan=False) == expected


@pytest.mark.parametrize("value", [float("nan"), {"a": [1.0, float("inf")]}, {float("nan"): 1}])
def test_a_number_json_cannot_write_is_refused_as_by_the_standard_library(value: Any) -> None:
    with pytest.raises(ValueError):
        json.dumps(value, indent=2, allow_nan=False)
    with pytest.raises(ValueError):
        dumps(value, allow_nan=False)


def test_a_key_json_cannot_write_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({(1, 2): [1]})

"""Sortable table headers, as GOV.UK's sortable table shows them (links, kept in the address)."""

from __future__ import annotations


def sort_columns(labels: dict[str, str], current: str) -> list[dict[str, str]]:
    """Each sortable column's label, the sort its header link asks for, and its aria-sort.

    ``current`` is a key, or a key after "-" for descending; a header already sorted one way
    asks for the other.
    """
    columns = []
    for key, label in labels.items():
        if current == key:
            aria, following = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria, following = "descending", key
        else:
            aria, following = "none", key
        columns.append({"key": key, "label": label, "sort": following, "aria": aria})
    return columns

"""The bulk packer on its own: every recipient lands in exactly one batch, within limits."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from aiosmsc.bulk import Recipient
from aiosmsc.bulk.packer import Batch as _Batch
from aiosmsc.bulk.packer import Packer as _Packer
from aiosmsc.bulk.packer import line_bytes as _line_bytes

# Texts from a small pool repeat (phones requests); numbered ones are personalised; a
# text with a line break may not go on a list line, so it goes in a phones request.
_texts = st.one_of(
    st.sampled_from(["a", "b", "Привет", "two\nlines"]),
    st.integers(0, 10**6).map(str),
    st.integers(0, 10**6).map(lambda n: f"line {n}\nbreak"),
)


def _run(texts: list[str], batch_size: int, max_body: int) -> list[_Batch]:
    """Feed the packer as BulkJob does: take whenever it is full, flush at the end."""
    packer = _Packer(batch_size, max_body)
    batches = []
    for number, text in enumerate(texts):
        text = f"{text}-x" if text.isdigit() else text
        packer.add(Recipient(f"7999{number:07d}", text), listable="\n" not in text)
        while packer.full:
            batch = packer.take(flush=False)
            assert batch is not None
            batches.append(batch)
        assert packer.count < packer.lookahead
    while (batch := packer.take(flush=True)) is not None:
        batches.append(batch)
    assert packer.count == 0 and not packer.pending and not packer.phones
    return batches


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_texts, max_size=300),
    st.integers(1, 40),
    st.integers(1024, 4096),
)
def test_every_recipient_is_packed_once_within_the_limits(
    texts: list[str], batch_size: int, max_body: int
) -> None:
    batches = _run(texts, batch_size, max_body)
    phones = Counter(r.phone for batch in batches for r in batch.recipients)
    assert sorted(phones) == [f"7999{n:07d}" for n in range(len(texts))]
    assert set(phones.values()) <= {1}
    for batch in batches:
        assert 1 <= len(batch.recipients) <= batch_size
        if batch.text is not None:  # a phones request: one shared text
            assert {r.text for r in batch.recipients} == {batch.text}
        else:  # a list request: personalised texts, within the body limit
            assert len({r.text for r in batch.recipients}) == len(batch.recipients)
            assert not any("\n" in r.text for r in batch.recipients)
            size = sum(_line_bytes(r.phone, r.text) for r in batch.recipients)
            assert size <= max_body or len(batch.recipients) == 1


def test_shared_texts_are_sent_together_and_the_largest_group_first() -> None:
    texts = ["a", "1", "b", "b", "2", "b", "a"]
    batches = _run(texts, batch_size=10, max_body=4096)
    assert [(b.text, len(b.recipients)) for b in batches] == [("b", 3), ("a", 2), (None, 2)]
    assert batches[0].id != batches[1].id  # each request gets its own client id

"""The journal's values: outcomes that cannot contradict themselves, client ids that fit."""

from __future__ import annotations

import pytest

from aiosmsc.errors import ConfigurationError
from aiosmsc.journal import BatchKind, ClaimedBatch, Outcome, RowState, client_id, new_worker_id
from aiosmsc.journal.rules import last_batch_no


def test_outcomes_cannot_contradict_themselves() -> None:
    with pytest.raises(ConfigurationError, match="never pending"):
        Outcome(RowState.PENDING)
    with pytest.raises(ConfigurationError, match="no error"):
        Outcome(RowState.SENT, error_type="APIError")
    with pytest.raises(ConfigurationError, match="needs its error_type"):
        Outcome(RowState.FAILED)
    assert Outcome.unknown("ReadTimeout").state is RowState.UNKNOWN
    assert Outcome.failed("InvalidPhoneError", code=7, message="bad").error_code == 7


def test_the_last_batch_number_still_makes_a_40_character_client_id() -> None:
    for job_id in ("j", "J" * 30):
        last = last_batch_no(job_id)
        assert len(client_id(job_id, last)) == 40
        assert len(client_id(job_id, last + 1)) == 41


def test_claimed_batches_carry_their_client_id_and_workers_are_unique() -> None:
    batch = ClaimedBatch("job", 7, BatchKind.LIST, (), attempts=1, recovered=False)
    assert batch.client_id == "job-7"
    assert len({new_worker_id() for _ in range(100)}) == 100

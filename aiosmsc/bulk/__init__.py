"""Bulk sending: many recipients, few requests, every recipient accounted for once.

:func:`send_bulk` (``smsc.send_bulk(...)``) reads recipients lazily from any sync or async
iterable, packs them into as few requests as the service allows, runs a bounded number
of requests at once through the client's pipeline, and yields one :class:`BulkOutcome` per
recipient as requests complete. A bulk job never sends a message twice: a request whose
reply is lost is looked up with the service (batched with the others, see
:mod:`.reconciler`) and sent again, with the same client id, only when the service
provably does not have it. A request refused for one line's sake is split until only the
culprits fail.

Packing: recipients that share a text (and options) go into one ``phones`` request;
personalised texts go into ``list`` requests (``phone:text`` lines). A request holds at
most ``batch_size`` recipients and ``max_body`` bytes of form data. The service documents
no maximum (REFERENCE §13.4), so the defaults are conservative: 500 recipients (more at
long round trips, up to 5,000: :mod:`.sizing`) keep a request's reply well inside the
read timeout and bound what one ambiguous failure puts in doubt; 512 KiB, counted as an
upper bound, keeps the body well under the common 1 MiB proxy limit.

Without a journal the job lives in memory: stopping early (``break`` inside ``async
with``, cancellation, an exception) stops reading the input; requests already sent are
awaited (or, when cancelled, reported as unknown with their client ids), and
:attr:`BulkJob.report` then says exactly which recipients were sent, failed, are in
doubt, or were never attempted. With ``journal=`` and ``job_id=`` it is written down
before each request leaves and resumed by its id after any stop (docs/bulk.md).

The package: :mod:`.intake` reads and checks recipients, :mod:`.packer` batches them into
requests, :mod:`.work` hands batches to the job (in memory) and :mod:`.journaled` (from
a journal), :mod:`.sender` sends one batch until its fate is known, :mod:`.refusals`
says what a failure means, :mod:`.reconciler` looks up lost replies, :mod:`.outcomes`
holds what is reported, :mod:`.job` runs the job.
"""

from __future__ import annotations

from .job import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BODY,
    BulkJob,
    BulkOptions,
    BulkSettings,
    send_bulk,
)
from .outcomes import BulkOutcome, BulkReport, OutcomeState, Recipient

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_BODY",
    "BulkJob",
    "BulkOptions",
    "BulkOutcome",
    "BulkReport",
    "BulkSettings",
    "OutcomeState",
    "Recipient",
    "send_bulk",
]

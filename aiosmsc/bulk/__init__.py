"""Bulk sending: many recipients, few requests, every recipient accounted for once.

:func:`send_bulk` (``smsc.send_bulk(...)``) reads recipients lazily from any sync or async
iterable, packs them into as few requests as the service allows, runs a bounded number
of requests at once through the client's pipeline (limits, retries, reconciliation: a
bulk job never sends a message twice), and yields one :class:`BulkOutcome` per recipient
as requests complete.

Packing: recipients that share a text (and options) go into one ``phones`` request;
personalised texts go into ``list`` requests (``phone:text`` lines). A request holds at
most ``batch_size`` recipients and ``max_body`` bytes of form data. The service documents
no maximum (REFERENCE §13.4), so the defaults are conservative: 500 recipients (more at
long round trips, up to 5,000: :mod:`.sizing`) keep a request's reply well inside the
read timeout and bound what one ambiguous failure puts in doubt; 512 KiB, counted as an
upper bound, keeps the body well under the common 1 MiB proxy limit.

Stopping early (``break`` inside ``async with``, cancellation, an exception) stops
reading the input; requests already sent are awaited (or, when cancelled, reported as
unknown with their client ids), and :attr:`BulkJob.report` then says exactly which
recipients were sent, failed, are in doubt, or were never attempted.

The package: :mod:`.intake` reads and checks recipients, :mod:`.packer` batches them into
requests, :mod:`.outcomes` holds what is reported, :mod:`.job` runs the job.
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

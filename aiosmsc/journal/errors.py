"""The exceptions of the job journal.

::

    SMSCError
    └── JournalError                 anything the journal refuses or cannot do
        ├── JobMismatchError         a job re-opened with other settings (also a ConfigurationError)
        ├── UnknownJobError          no job with this id (also a LookupError)
        ├── LeaseLostError           the worker no longer holds the batch: nothing was written
        ├── PlanConflictError        the input cursor moved under the planner: nothing was written
        ├── SchemaVersionError       the store was written by a newer aiosmsc
        └── MissingDependencyError   the store's driver is not installed (also an ImportError)

Bad arguments (a malformed job id, outcomes that do not cover a batch, a split that is not
a partition) raise :class:`aiosmsc.errors.ConfigurationError` and write nothing.
"""

from __future__ import annotations

from ..errors import ConfigurationError, SMSCError

__all__ = [
    "JobMismatchError",
    "JournalError",
    "LeaseLostError",
    "MissingDependencyError",
    "PlanConflictError",
    "SchemaVersionError",
    "UnknownJobError",
]


class JournalError(SMSCError):
    """Base class of the job journal's errors."""


class JobMismatchError(JournalError, ConfigurationError):
    """A job was re-opened with settings other than those it was created with: resuming
    it would send something else than the job promised."""


class UnknownJobError(JournalError, LookupError):
    """No job with this id is in the store."""


class LeaseLostError(JournalError):
    """The worker no longer holds the batch (another worker recovered it after the lease
    expired, or it is no longer in flight); nothing was written."""


class PlanConflictError(JournalError):
    """Rows were planned that another planner already planned (the input cursor moved),
    or after the input was declared done; nothing was written."""


class SchemaVersionError(JournalError):
    """The store's schema is newer than this version of aiosmsc understands."""


class MissingDependencyError(JournalError, ImportError):
    """The store needs a package that is not installed; the message names the extra."""

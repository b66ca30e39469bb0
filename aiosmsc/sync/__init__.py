"""The blocking client: :class:`SMSC` drives :class:`~aiosmsc.AsyncSMSC` on a loop thread.

See docs/sync.md. The iterators it returns are :class:`BlockingIterator` (``history``,
``inbox``, ``contacts.iterate``), :class:`BlockingBulkJob` (``send_bulk``) and
:class:`BlockingTracker` (``track``).
"""

from .client import SMSC
from .iterators import BlockingBulkJob, BlockingIterator, BlockingTracker

__all__ = ["SMSC", "BlockingBulkJob", "BlockingIterator", "BlockingTracker"]

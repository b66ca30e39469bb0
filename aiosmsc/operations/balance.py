"""``balance.php``: the account balance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, one_record
from ..models.balance import Balance as BalanceResult
from ..quotas import Quota
from .base import Operation, Reply
from .params import read_flag

__all__ = ["Balance"]

# fmt=0 and fmt=1 are the same here. With cur=1 the layout is not documented: a second
# number is the credit, a word the currency.
_LAYOUTS = (
    Layout(("balance", "credit", "currency"), numeric=frozenset({"balance", "credit"})),
    Layout(("balance", "currency"), numeric=frozenset({"balance"})),
    Layout(("balance",), numeric=frozenset({"balance"})),
)


@attrs.frozen(slots=True)
class Balance(Operation[BalanceResult]):
    """The balance; with ``cur`` also the currency and the credit (when there is one)."""

    name = "balance"
    script = "balance"

    cur: bool = False

    def params(self) -> dict[str, str]:
        return {"cur": "1"} if self.cur else {}

    def quotas(self) -> Sequence[Quota]:
        return (Quota("balance", 10),)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[BalanceResult]:
        with_currency = bool(read_flag(params, "cur"))

        def build(document: Document) -> BalanceResult:
            record = one_record(document, _LAYOUTS)
            if with_currency and record.get("credit") in (None, ""):
                # The service names the credit only when there is one: none means zero.
                record["credit"] = "0"
            return structure(record, BalanceResult)

        return Reply(cls.name, cls.script, build)

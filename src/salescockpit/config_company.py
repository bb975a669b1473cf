"""The `[company]` settings: who "we" are in a bank statement, and the default currency.

    [company]
    inn = "7701234567"                                   # 10 or 12 digits
    bank_accounts = ["40702810900000000001"]              # 20-digit settlement accounts
    currency = "RUB"                                      # ISO 4217, the default for new contracts
    churn_months = 6                                      # no new contract or payment this long: churned

A statement document is incoming when its recipient INN or account is one of these; the rest
are the company's own outgoing payments (skipped and counted by the import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salescockpit.domain.money import DEFAULT_CURRENCY, MoneyError, check_currency
from salescockpit.i18n import _

KNOWN_COMPANY_KEYS = ("inn", "bank_accounts", "currency", "churn_months")
DEFAULT_CHURN_MONTHS = 6


@dataclass(frozen=True)
class CompanySettings:
    inn: str = ""
    bank_accounts: tuple[str, ...] = ()
    currency: str = DEFAULT_CURRENCY
    churn_months: int = DEFAULT_CHURN_MONTHS  # a client with no new contract or payment for this long has churned

    @property
    def configured(self) -> bool:
        """True when a bank statement can tell incoming from outgoing."""
        return bool(self.inn or self.bank_accounts)


def company_settings(value: Any, where: str) -> CompanySettings:
    """Check a `[company]` table; a ValueError (the caller's ConfigError) names the key and the rule."""
    if not isinstance(value, dict):
        raise ValueError(_("{where}: must be a table ([{where}])").format(where=where))
    unknown = sorted(set(value) - set(KNOWN_COMPANY_KEYS))
    if unknown:
        raise ValueError(_("{where}: unknown key(s) {unknown}; known keys are {known}").format(
            where=where, unknown=", ".join(unknown), known=", ".join(KNOWN_COMPANY_KEYS)))
    inn = value.get("inn", "")
    inn = str(inn).strip() if isinstance(inn, (str, int)) and not isinstance(inn, bool) else None
    if inn is None or (inn and not (inn.isdigit() and len(inn) in (10, 12))):
        raise ValueError(_("{where}.inn: {value!r} is not an INN; give 10 or 12 digits as text").format(
            where=where, value=value.get("inn")))
    accounts = value.get("bank_accounts", [])
    accounts = accounts if isinstance(accounts, list) else [accounts]
    clean = []
    for account in accounts:
        text = str(account).strip() if isinstance(account, (str, int)) and not isinstance(account, bool) else ""
        if not (text.isdigit() and len(text) == 20):
            raise ValueError(_("{where}.bank_accounts: {value!r} is not an account; give 20 digits as text").format(
                where=where, value=account))
        clean.append(text)
    try:
        currency = check_currency(str(value.get("currency", DEFAULT_CURRENCY)))
    except MoneyError as error:
        raise ValueError(f"{where}.currency: {error}") from None
    months = value.get("churn_months", DEFAULT_CHURN_MONTHS)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
        raise ValueError(_("{where}.churn_months: expected a whole number of months from 1 to 120, got {value!r}")
                         .format(where=where, value=months))
    return CompanySettings(inn=inn, bank_accounts=tuple(clean), currency=currency, churn_months=months)

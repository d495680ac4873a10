"""The words of printed pages and of the summons notices (调训通知) a plan sends to units and cadres."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    # page headers and footers of every printed sheet (optimizer.reports.printing)
    "print.page": Texts("第 {page} 页", "page {page}"),
    "print.filing": Texts("{year}年度干部教育培训计划备案", "Annual training plan {year}: filing"),
    "print.notices": Texts("{year}年度调训通知", "Training summons {year}"),
}

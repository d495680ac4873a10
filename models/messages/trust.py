"""What the product tells a planner about trust: the pseudonym key, the plan folder's lock, faults, stops."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    # the pseudonym key (optimizer.reports.privacy)
    "privacy.key_created": Texts(
        "已新建假名密钥文件{path}(指纹{fingerprint}),仅本用户可读。请妥善保管并备份:"
        "同一密钥下,同一干部每次得到同一假名;没有该密钥,无法由假名反查干部。",
        "created the pseudonym key file {path} (fingerprint {fingerprint}), readable by you only. "
        "Keep it and back it up: under the same key a cadre gets the same pseudonym every time, "
        "and without it no pseudonym can be traced back to its cadre.",
    ),
}

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
    # one writer per plan folder (optimizer.reports.lock) and faults while writing (optimizer.cli.annual)
    "folder.busy": Texts(
        "计划文件夹{folder}正由进程{pid}写入(自{since}起):请等它结束或先终止它。未写入任何文件。",
        "the plan folder {folder} is being written by process {pid} (since {since}): wait for it to end "
        "or stop it first. Nothing was written.",
    ),
    "folder.busy_unknown": Texts(
        "计划文件夹{folder}正由另一进程写入:请等它结束或先终止它。未写入任何文件。",
        "the plan folder {folder} is being written by another process: wait for it to end or stop it "
        "first. Nothing was written.",
    ),
    "folder.taken_over": Texts(
        "已接管进程{pid}留下的计划文件夹锁(该进程已不在运行)",
        "took over the plan folder's lock left by process {pid}, which no longer runs",
    ),
    "folder.is_file": Texts(
        "--out {folder}是一个文件,不是计划文件夹:请另选位置。未写入任何文件。",
        "--out {folder} is a file, not a plan folder: choose another place. Nothing was written.",
    ),
    "folder.cannot_write": Texts(
        "无法写入计划文件夹{folder}:{problem}{where}。未写入任何文件{kept}。",
        "cannot write the plan folder {folder}: {problem}{where}. Nothing was written{kept}.",
    ),
    "folder.where": Texts("({path})", " ({path})"),
    "folder.kept": Texts(",原有计划{folder}保持不变", "; the plan already in {folder} is untouched"),
    "fault.ENOSPC": Texts("磁盘空间不足", "no space left on the disk"),
    "fault.EDQUOT": Texts("超出磁盘配额", "the disk quota is used up"),
    "fault.EROFS": Texts("文件系统为只读", "the file system is read-only"),
    "fault.EACCES": Texts("没有写入权限", "no permission to write there"),
    "fault.EPERM": Texts("没有写入权限", "no permission to write there"),
    "fault.ENOTDIR": Texts("路径中有一段是文件而不是文件夹", "a part of the path is a file, not a folder"),
    "fault.EIO": Texts("磁盘读写出错", "the disk reported an input/output error"),
    "fault.other": Texts("{problem}", "{problem}"),
    # a first Ctrl-C while the filing is written (optimizer.cli.filing)
    "annual.filing_interrupted": Texts(
        "写入报备材料时被中断:计划文件已写入,报备材料(工作簿、图表、报告)未写入;需要时请重新运行。",
        "interrupted while writing the filing: the plan files are written, the filing (workbook, charts, "
        "report) is not; run again for it.",
    ),
}

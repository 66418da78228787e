"""Writes locale/zh_Hant/LC_MESSAGES/django.po: the Traditional Chinese of the admin's own
pages and messages (the newsroom's catalogue is pressroom/locale). Edit TRANSLATIONS, run
`python locale/make_po.py`, then `make messages` compiles it (tests/audit/test_catalogue.py
checks that the committed .mo says what the .po says)."""

from pathlib import Path

TRANSLATIONS: dict[str, str] = {
    # Workflow on the release page
    "Status": "狀態",
    "Submitted by %(who)s": "由 %(who)s 提交",
    "Approved by %(who)s": "由 %(who)s 批核",
    "Submit for review": "提交審批",
    "Approve…": "批核…",
    "Back to draft": "退回草稿",
    "Withdraw": "撤回",
    "Withdraw this release from the newsroom and every send not yet made?": (
        "從新聞室撤回這篇新聞稿，並取消所有尚未發出的發送？"
    ),
    "Reviewers’ comments": "審批意見",
    "No comments yet.": "暫無意見。",
    "Add a comment": "加入意見",
    "Comment": "提交意見",
    "History": "歷史",
    "When": "時間",
    "Who": "人員",
    "What": "事項",
    "Details": "詳情",
    "Nothing recorded yet.": "暫無紀錄。",
    # Approval page and the bilingual check
    "Approve this release?": "批核這篇新聞稿？",
    "Approve": "批核",
    "Bilingual check": "中英對照檢查",
    "Finding": "檢查結果",
    "Only in the English": "只見於英文版",
    "Only in the Chinese": "只見於中文版",
    "The bilingual check found no difference in numbers, dates or quotes.": (
        "中英對照檢查沒有發現數字、日期或引述上的差異。"
    ),
    "What you approve": "你批核的內容",
    "No text in this language.": "沒有這種語言的文本。",
    "Approve exactly this text": "批核以上文本",
    "Cancel": "取消",
    "English": "英文",
    "Traditional Chinese": "繁體中文",
    "Home": "首頁",
    # Submit with findings
    "Submit for review?": "提交審批？",
    "The bilingual check found differences between the English and the Chinese. Correct them "
    "first, or submit anyway and let the approver decide.": (
        "中英對照檢查發現英文版與中文版有差異。請先更正，或仍然提交，由批核人決定。"
    ),
    "Submit anyway": "仍然提交",
    "Go back and correct": "返回更正",
    # Messages
    "Submitted for review.": "已提交審批。",
    "Back to draft: it can be edited, and needs approving again.": (
        "已退回草稿：可以修改，之後須再次批核。"
    ),
    "Withdrawn: it is off the newsroom, and no further send will go.": (
        "已撤回：新聞室不再顯示，之後亦不會再發送。"
    ),
    "Done.": "完成。",
    "Approved. It can now be scheduled to send.": "已批核，現在可以安排發送。",
    "Comment added.": "已加入意見。",
    "Only a PR officer who may submit releases can submit one for review.": (
        "只有可提交新聞稿的公關人員才能提交審批。"
    ),
    "Only a draft can be submitted for review.": "只有草稿才能提交審批。",
    "Only a release in review can be approved.": "只有審批中的新聞稿才能批核。",
    "Only a PR officer who may edit releases can take one back to draft.": (
        "只有可修改新聞稿的公關人員才能將新聞稿退回草稿。"
    ),
    "Only a release in review, approved or scheduled can go back to draft.": (
        "只有審批中、已批核或已安排發送的新聞稿才能退回草稿。"
    ),
    "Only an in-house officer can withdraw a release.": "只有機構內部的公關人員才能撤回新聞稿。",
    "This release cannot be withdrawn in its present state.": "這篇新聞稿目前的狀態不能撤回。",
    "There is no such step.": "沒有這個步驟。",
    "Approve from the approval page, which shows what you approve.": (
        "請在批核頁面批核：該頁顯示你批核的內容。"
    ),
    # Admin header and index
    "Language": "語言",
    "Change": "更改",
    "Releases, media contacts and sends": "新聞稿、傳媒聯絡人及發送",
    # Audit log
    "Export the selected entries to CSV": "將所選紀錄匯出為 CSV",
    # Audit log actions (audit.models.Action)
    "Logged in": "登入",
    "Login failed": "登入失敗",
    "Logged out": "登出",
    "Created": "建立",
    "Changed": "修改",
    "Deleted": "刪除",
    "Submitted for review": "提交審批",
    "Approved": "已批核",
    "Returned to review (edited after approval)": "退回審批（批核後曾修改）",
    "Returned to draft": "退回草稿",
    "Withdrawn": "已撤回",
    "Commented": "提出意見",
    "Send scheduled": "已安排發送",
    "Send cancelled": "已取消發送",
    "Send paused": "已暫停發送",
    "Send resumed": "已恢復發送",
    "Imported": "匯入",
    "Exported": "匯出",
    "Suppression lifted": "解除停發",
    "Permissions changed": "權限變更",
    "Refused": "被拒",
    # Release statuses and the workflow's refusals (pressroom.models, pressroom.workflow)
    "Draft": "草稿",
    "In review": "審批中",
    "Scheduled": "已安排發送",
    "Published": "已發布",
    "gone": "已刪除",
    "Nothing changed: the release is now %(status)s, so it cannot be %(step)s. Someone else may "
    "have acted on it meanwhile.": (
        "沒有任何改動：這篇新聞稿現在的狀態是「%(status)s」，因此不能%(step)s。可能有其他人剛剛處理了它。"
    ),
    "The release changed after you opened it (in another tab, or by someone else). Review the "
    "current text, then approve again.": (
        "你打開之後，這篇新聞稿已被修改（在另一個分頁，或由其他人修改）。請細閱最新文本，再次批核。"
    ),
    "A release needs a headline and body in at least one language before review.": (
        "新聞稿須最少有一種語言的標題及內文，才能提交審批。"
    ),
    "Only an in-house approver can approve a release.": "只有機構內部的批核人才能批核新聞稿。",
    "Someone other than the author must approve it (the two-person rule).": (
        "須由撰稿人以外的人批核（雙人原則）。"
    ),
    "Write something to comment.": "請先寫下意見。",
    # Sending pages (templates/admin/distribution/send/) and the index's outbox
    "Releases": "新聞稿",
    "Schedule send": "安排發送",
    "Confirm the send": "確認發送",
    "Release": "新聞稿",
    "Embargo": "禁發時間",
    "none: for immediate release": "沒有：即時發布",
    "Languages": "語言",
    "none yet": "暫無",
    "Distribution lists": "發送名單",
    "Kind of send": "發送類別",
    "Review before sending": "發送前檢查",
    "Back to the release": "返回新聞稿",
    "Nothing is scheduled until you confirm on the next page.": (
        "在下一頁確認之前，不會安排任何發送。"
    ),
    "Goes out": "發出時間",
    "Recipients": "收件人",
    "Release status": "新聞稿狀態",
    "Recipients by list": "各名單的收件人",
    "List": "名單",
    "Contacts": "聯絡人",
    "Will receive it": "將會收到",
    "Version": "版本",
    "Left out": "不發送",
    "Why": "原因",
    "Change the choices": "更改選擇",
    "Email": "電郵",
    "Outbox": "寄件匣",
    "every message the local outbox kept": "本機寄件匣保存的所有電郵",
    # Send progress (templates/admin/distribution/send/detail.html)
    "not yet": "尚未",
    "Started": "開始",
    "Finished": "完成",
    "Scheduled by": "安排人",
    "Progress": "進度",
    "recipients": "收件人",
    "waiting": "等候中",
    "being sent": "發送中",
    "sent": "已發送",
    "failed": "失敗",
    "left out (suppressed)": "不發送（已停發）",
    "See every delivery": "查看每封電郵",
    "Cancel send": "取消發送",
    "Pause": "暫停",
    "Resume": "恢復",
    "Failed": "失敗",
    "Address": "地址",
}

PLURALS: dict[tuple[str, str], str] = {
    (
        "The check found %(counter)s difference between the English and the Chinese. Marked: "
        "what only one side has.",
        "The check found %(counter)s differences between the English and the Chinese. Marked: "
        "what only one side has.",
    ): "檢查發現英文版與中文版有 %(counter)s 處差異。標示的是只有一方才有的內容。",
}

HEADER = """# Pressroom admin, Traditional Chinese. Written by locale/make_po.py.
msgid ""
msgstr ""
"Project-Id-Version: pressroom\\n"
"PO-Revision-Date: 2026-11-27 00:00+0800\\n"
"Last-Translator: Pressroom\\n"
"Language-Team: Pressroom\\n"
"Language: zh_Hant\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> None:
    parts = [HEADER]
    for msgid, msgstr in TRANSLATIONS.items():
        parts.append(f"msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n")
    for (singular, plural), msgstr in PLURALS.items():
        parts.append(
            f"msgid {quote(singular)}\nmsgid_plural {quote(plural)}\nmsgstr[0] {quote(msgstr)}\n"
        )
    target = Path(__file__).parent / "zh_Hant" / "LC_MESSAGES" / "django.po"
    target.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()

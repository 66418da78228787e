"""Writes locale/zh_Hant/LC_MESSAGES/django.po: the Traditional Chinese of the admin's own
pages and messages (the newsroom's catalogue is pressroom/locale). Edit TRANSLATIONS, run
`python locale/make_po.py`, then `make messages` compiles it (tests/audit/test_catalogue.py
checks that the committed .mo says what the .po says)."""

from pathlib import Path

TRANSLATIONS: dict[str, str] = {
    # Corrections of published releases (security review, finding 2: pressroom/correction*.py)
    "Chinese": "中文",
    "Submit the selected corrections for review": "提交所選更正以供審批",
    "Approved: the newsroom shows the corrected text.": "已批核：新聞室現顯示更正後的內容。",
    "Approve and publish the selected corrections": "批核並發布所選更正",
    "Only a published release is corrected: edit this one on its own page.": (
        "只有已發布的新聞稿才需更正：這篇請在它自己的頁面編輯。"
    ),
    "headline (English)": "標題（英文）",
    "sub-headline (English)": "副標題（英文）",
    "body (English)": "正文（英文）",
    "headline (Chinese)": "標題（中文）",
    "sub-headline (Chinese)": "副標題（中文）",
    "body (Chinese)": "正文（中文）",
    "what was corrected (English)": "更正內容（英文）",
    "what was corrected (Chinese)": "更正內容（中文）",
    "correction": "更正",
    "corrections": "更正",
    "Shown under the release, e.g. “The number of patents was corrected.”": (
        "顯示於新聞稿下方，例如「已更正專利數目。」"
    ),
    "original": "原文",
    "Only an in-house approver can approve a correction.": "只有內部批核人可以批核更正。",
    "Only a correction in review can be approved.": "只有審批中的更正可以批核。",
    "Only a PR officer who may submit releases can submit it.": (
        "只有可提交新聞稿的公關主任可以提交。"
    ),
    "Only a draft correction can be submitted for review.": "只有草稿更正可以提交審批。",
    "Correct this release…": "更正這篇新聞稿…",
    "revised by": "修改者",
    (
        "The release changed after this correction was started (another correction was "
        "published): start a new correction from the release as it is now."
    ): "這篇新聞稿在開始此更正後已有改動（另一項更正已發布）：請按新聞稿現時的內容重新開始更正。",
    (
        "This contact is named on a scheduled release: changing it would stop that release's "
        "send until it is approved again. Ask the in-house team to change it."
    ): ("此聯絡人列於一篇已排程的新聞稿：修改會令該新聞稿在重新批核前停止發送。請由內部團隊修改。"),
    # Check sending configuration (issue 15, item 5: distribution/esp_check.py)
    "Check sending configuration": "檢查傳送設定",
    "Sends go through": "發送經由",
    "Sending through %(service)s": "經由 %(service)s 發送",
    "Fix this before the moment: as it is, the send would stop at its first message.": (
        "請在發送時刻前修正：照現在的設定，發送會在第一封郵件就停止。"
    ),
    (
        "The check makes one harmless call to the email service (for SMTP: connect, log in, name "
        "the sender, then leave) and sends nothing. Run it the day before an embargo, not at the "
        "moment."
    ): (
        "檢查只會向電郵服務作一次無害的呼叫（SMTP：連線、登入、說明寄件人，然後離開），"
        "不會發出任何郵件。請在禁發時間前一天執行，而不是在發送時刻。"
    ),
    (
        "Sending is not set up correctly, so this send would fail: ask the in-house team to run "
        "“Check sending configuration”."
    ): "傳送設定不正確，這次發送會失敗：請內部團隊執行「檢查傳送設定」。",
    "%(service)s refused the credentials (HTTP %(status)s)%(said)s. Check %(setting)s.": (
        "%(service)s 拒絕了憑證（HTTP %(status)s）%(said)s。請檢查 %(setting)s。"
    ),
    "%(service)s answered HTTP %(status)s%(said)s.": "%(service)s 回覆 HTTP %(status)s%(said)s。",
    "%(service)s accepted the credentials.": "%(service)s 接受了憑證。",
    "%(service)s has verified the From domain %(domain)s.": (
        "%(service)s 已驗證寄件人網域 %(domain)s。"
    ),
    (
        "%(service)s has not verified the From domain %(domain)s (%(state)s): every message "
        "would be refused. Finish the domain's DNS records in %(service)s's dashboard."
    ): (
        "%(service)s 尚未驗證寄件人網域 %(domain)s（%(state)s）：每封郵件都會被拒絕。"
        "請在 %(service)s 的控制台完成該網域的 DNS 記錄。"
    ),
    (
        "%(service)s has no sending domain %(domain)s in this account: every message from "
        "%(address)s would be refused. Add and verify the domain in %(service)s, or change "
        "DEFAULT_FROM_EMAIL."
    ): (
        "%(service)s 的這個帳戶沒有發送網域 %(domain)s：所有由 %(address)s 寄出的郵件都會被拒絕。"
        "請在 %(service)s 加入並驗證該網域，或更改 DEFAULT_FROM_EMAIL。"
    ),
    (
        "Postmark tells whether %(address)s may send only to an account token: set "
        "ANYMAIL_POSTMARK_ACCOUNT_TOKEN to check it here, or look in Postmark › Sender "
        "signatures."
    ): (
        "Postmark 只向帳戶權杖透露 %(address)s 是否可以發送：設定 ANYMAIL_POSTMARK_ACCOUNT_TOKEN "
        "即可在此檢查，或到 Postmark › Sender signatures 查看。"
    ),
    "Postmark has confirmed the sender %(address)s.": "Postmark 已確認寄件人 %(address)s。",
    "Brevo has confirmed the sender %(address)s.": "Brevo 已確認寄件人 %(address)s。",
    (
        "This Resend API key may only send, so Pressroom cannot read whether %(domain)s is "
        "verified: look in Resend › Domains."
    ): (
        "這個 Resend API 金鑰只能發送，Pressroom 無法讀取 %(domain)s 是否已驗證："
        "請到 Resend › Domains 查看。"
    ),
    (
        "%(service)s has no call that reads the configuration without sending, so it was not "
        "checked: send a test to yourself from a release's preview."
    ): (
        "%(service)s 沒有不發送郵件就能讀取設定的呼叫，所以沒有檢查："
        "請在新聞稿的預覽頁發送測試郵件給自己。"
    ),
    "Amazon SES has paused sending for this account: nothing would go out.": (
        "Amazon SES 已暫停這個帳戶的發送：不會有任何郵件寄出。"
    ),
    (
        "This Amazon SES account is in the sandbox: it sends only to addresses verified in SES, "
        "so journalists would not receive the release. Ask AWS for production access."
    ): (
        "這個 Amazon SES 帳戶仍在沙盒中：只會發送到已在 SES 驗證的地址，記者不會收到新聞稿。"
        "請向 AWS 申請正式發送權限。"
    ),
    (
        "Amazon SES settings are missing (%(why)s): set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
        "and AWS_REGION, or ANYMAIL_AMAZON_SES_CLIENT_PARAMS."
    ): (
        "缺少 Amazon SES 設定（%(why)s）：請設定 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY "
        "及 AWS_REGION，或 ANYMAIL_AMAZON_SES_CLIENT_PARAMS。"
    ),
    (
        "Amazon SES accepted the credentials but they may not read the account (ses:GetAccount, "
        "ses:GetEmailIdentity), so the From domain was not checked."
    ): (
        "Amazon SES 接受了憑證，但這些憑證不能讀取帳戶（ses:GetAccount、ses:GetEmailIdentity），"
        "所以沒有檢查寄件人網域。"
    ),
    (
        "The mail server offers STARTTLS but EMAIL_USE_TLS is off: the messages and the password "
        "cross the network unencrypted."
    ): "郵件伺服器提供 STARTTLS，但 EMAIL_USE_TLS 已關閉：郵件和密碼會以未加密方式經過網絡。",
    (
        "The mail server refused the username and password (%(reply)s). Check EMAIL_HOST_USER "
        "and EMAIL_HOST_PASSWORD."
    ): (
        "郵件伺服器拒絕了用戶名稱和密碼（%(reply)s）。"
        "請檢查 EMAIL_HOST_USER 和 EMAIL_HOST_PASSWORD。"
    ),
    (
        "The mail server does not offer AUTH, so EMAIL_HOST_USER cannot log in (many servers "
        "offer it only after STARTTLS: EMAIL_USE_TLS)."
    ): (
        "郵件伺服器不提供 AUTH，所以 EMAIL_HOST_USER 無法登入"
        "（很多伺服器只在 STARTTLS 之後提供：EMAIL_USE_TLS）。"
    ),
    "The mail server accepted the username and password.": "郵件伺服器接受了用戶名稱和密碼。",
    "The mail server refused the sender %(address)s (%(reply)s).": (
        "郵件伺服器拒絕了寄件人 %(address)s（%(reply)s）。"
    ),
    "The mail server accepts mail from %(address)s.": "郵件伺服器接受由 %(address)s 寄出的郵件。",
    "TLS with the mail server failed: %(why)s.": "與郵件伺服器的 TLS 連線失敗：%(why)s。",
    (
        "Email stays on this machine: the outbox keeps every message in %(folder)s and no "
        "journalist receives it. Set EMAIL_BACKEND to an ESP or smtp to send."
    ): (
        "郵件留在這部機器上：寄件匣把每封郵件保存在 %(folder)s，記者不會收到。"
        "要發送，請把 EMAIL_BACKEND 設為電郵服務商或 smtp。"
    ),
    "Email stays on this machine (%(backend)s): no journalist receives it.": (
        "郵件留在這部機器上（%(backend)s）：記者不會收到。"
    ),
    "The sending settings are missing or wrong: %(why)s": "傳送設定缺少或錯誤：%(why)s",
    "%(service)s gave an answer the check could not read (%(why)s).": (
        "%(service)s 的回覆無法被檢查讀取（%(why)s）。"
    ),
    (
        "%(service)s answered with more than %(size)s KB, or too slowly: is the address of its "
        "API right?"
    ): "%(service)s 的回覆超過 %(size)s KB 或太慢：它的 API 地址是否正確？",
    (
        "Could not reach %(service)s (%(why)s): check the host, the network and the firewall."
    ): "無法連上 %(service)s（%(why)s）：請檢查主機、網絡和防火牆。",
    # One email per recipient per release (security review, finding 12)
    "Send it again to those who already received this release": "再次發送給已收到這篇新聞稿的人",
    "Why they should receive it again": "為何要再次發送給他們",
    "Kept with the send and on the audit log, e.g. “The figures were corrected”.": (
        "會與這次發送一併保存，並記入審計紀錄，例如「數字已更正」。"
    ),
    "Say why those who already received this release should get it again.": (
        "請說明為何已收到這篇新聞稿的人要再次收到。"
    ),
    "Why those who already received this release get it again.": (
        "已收到這篇新聞稿的人再次收到的原因。"
    ),
    "reason to send again": "再次發送原因",
    (
        "This release already has a %(kind)s send (#%(id)s, %(status)s, %(when)s) to %(lists)s: "
        "anyone on both gets the release once, from whichever send goes first, unless you choose "
        "to send it to them again."
    ): (
        "這篇新聞稿已有一個%(kind)s發送（#%(id)s，%(status)s，%(when)s）給%(lists)s："
        "同時在兩者名單上的人只會收到一次，由先發出的發送寄出，除非你選擇再次發送給他們。"
    ),
    (
        "No one left to send to: every contact is suppressed, no longer active or already has "
        "the release."
    ): "沒有可發送的對象：所有聯絡人都已停止發送、不再活躍或已收到這篇新聞稿。",
    (
        "No one to send to: all %(count)s contacts on these lists are suppressed, no longer "
        "active or already received this release."
    ): (
        "沒有可發送的對象：這些名單上全部 %(count)s 位聯絡人都已停止發送、不再活躍或"
        "已收到這篇新聞稿。"
    ),
    "Sent again": "再次發送",
    "Those who already received this release get it again: %(reason)s": (
        "已收到這篇新聞稿的人會再次收到：%(reason)s"
    ),
    "Those who already received this release": "已收到這篇新聞稿的人",
    (
        "Each journalist receives a release once: whoever an earlier send of it reached is left "
        "out, and the next page counts them."
    ): "每位記者只會收到一次新聞稿：之前的發送已送達的人會被略過，下一頁會列出人數。",
    "No such entry.": "沒有這項紀錄。",
    # Import report (security review: contacts/importer.py _set_aside_hidden)
    "Rows not imported (%(count)s)": "未匯入的資料列（%(count)s）",
    "These rows were not imported and are not on your lists.": (
        "這些資料列沒有匯入，也不在你的名單上。"
    ),
    # Send (security review, finding 11: Send.confirmation)
    "confirmation": "確認頁",
    # Workflow (security review, findings 6, 7 and 10: pressroom/workflow.py)
    "revised since submission by": "提交後修改者",
    "You may read the comments but not add one.": "你可以閱讀意見，但不能加入意見。",
    (
        "A scheduled release goes back to draft only by someone who may cancel its send "
        "(an in-house officer or approver)."
    ): "已排程的新聞稿只可由有權取消其發送的人員（內部公關主任或批核人）退回草稿。",
    # Asset files (security review, finding 1: pressroom/asset_files.py)
    (
        "Files of type “.%(extension)s” cannot be attached. Attach photos (JPEG, PNG, GIF, "
        "WebP, TIFF, HEIC), video (MP4, MOV, WebM), PDF, Word, Excel, PowerPoint or ZIP files."
    ): (
        "不能附加「.%(extension)s」類型的檔案。請附加相片（JPEG、PNG、GIF、WebP、TIFF、HEIC）、"
        "影片（MP4、MOV、WebM）、PDF、Word、Excel、PowerPoint 或 ZIP 檔案。"
    ),
    (
        "The content of “%(name)s” is not a .%(extension)s file (or is damaged). Save it again "
        "from the program that made it and upload that."
    ): "「%(name)s」的內容不是 .%(extension)s 檔案（或已損壞）。請用製作它的程式重新儲存，再上載。",
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
    # Model and field names, help texts and choices (verbose names of every app's models)
    "actor": "操作人",
    "Kept if the user goes.": "即使用戶被刪除亦會保留。",
    "actor name": "操作人名稱",
    "action": "動作",
    "content type": "內容類型",
    "object id": "對象編號",
    "object repr": "對象",
    "summary": "摘要",
    "changes": "改動",
    "ip address": "IP 地址",
    "user agent": "瀏覽器資料",
    "audit entries": "審計紀錄",
    "audit entry": "審計紀錄",
    "user": "用戶",
    "status": "狀態",
    "Both": "中英文",
    "In-house": "機構內部",
    "PR agency": "公關公司",
    "organisation": "機構",
    "organisations": "機構",
    "name (English)": "名稱（英文）",
    "name (Chinese)": "名稱（中文）",
    "title (English)": "職銜（英文）",
    "title (Chinese)": "職銜（中文）",
    "phone": "電話",
    "email": "電郵",
    "PR contact": "公關聯絡人",
    "pr contact": "公關聯絡人",
    "slug": "網址代稱",
    "beat": "採訪範疇",
    "beats": "採訪範疇",
    "Newspaper": "報章",
    "TV": "電視",
    "Radio": "電台",
    "Online": "網上媒體",
    "Wire": "通訊社",
    "Magazine": "雜誌",
    "Trade": "專業刊物",
    "Blog": "網誌",
    "type": "類型",
    "Empty while not known yet, e.g. for an outlet a contacts import added.": (
        "未知時留空，例如匯入聯絡人時新增的傳媒機構。"
    ),
    "publishes in": "出版語言",
    "region": "地區",
    "website": "網站",
    "outlet": "傳媒機構",
    "outlets": "傳媒機構",
    "Active": "有效",
    "Unsubscribed": "已取消訂閱",
    "Bounced": "退回",
    "Do not contact": "請勿聯絡",
    "Legitimate interest (working journalist)": "正當權益（在職記者）",
    "Consent (asked to receive releases)": "同意（要求接收新聞稿）",
    "Contract / subscription": "合約／訂閱",
    "Stored normalised: lower case, no surrounding spaces, full-width folded.": (
        "以標準格式儲存：小楷、去除前後空格、全形轉半形。"
    ),
    "job title": "職位",
    "preferred language": "慣用語言",
    "notes": "備註",
    "consent basis": "同意依據",
    "Where this contact came from (an import, a card…).": "聯絡人的來源（匯入、名片…）。",
    "source": "來源",
    "The organisation that keeps this record up to date. A PR agency may change only the "
    "contacts it maintains; empty means the in-house team.": (
        "負責更新這項紀錄的機構。公關公司只可修改自己維護的聯絡人；留空即由機構內部團隊負責。"
    ),
    "maintained by": "維護機構",
    "created at": "建立時間",
    "updated at": "更新時間",
    "created by": "建立人",
    "updated by": "更新人",
    "media contact": "傳媒聯絡人",
    "media contacts": "傳媒聯絡人",
    "name": "名稱",
    "description": "說明",
    "owner": "擁有機構",
    "Members may receive embargoed advance copies before the embargo lifts.": (
        "名單成員可於禁發時間前收到禁發預發稿。"
    ),
    "trusted for embargo": "可收禁發稿",
    "members": "成員",
    "rule: beats": "規則：採訪範疇",
    "Add every active contact covering any of these beats.": (
        "加入負責以下任何採訪範疇的所有有效聯絡人。"
    ),
    "rule: preferred languages": "規則：慣用語言",
    "Limit the rule to contacts reading one of these languages (contacts who read both always "
    "match).": "只限閱讀以下其中一種語言的聯絡人（中英文皆閱讀者一律符合）。",
    "rule: outlet kinds": "規則：傳媒類型",
    "Limit the rule to contacts at outlets of these kinds.": "只限以下類型傳媒機構的聯絡人。",
    "rule: regions": "規則：地區",
    "Limit the rule to contacts at outlets in these regions (e.g. Hong Kong).": (
        "只限位於以下地區（例如香港）的傳媒機構的聯絡人。"
    ),
    "distribution list": "發送名單",
    "distribution lists": "發送名單",
    "Hard bounce": "硬退回",
    "Spam complaint": "垃圾郵件投訴",
    "Added by hand": "人手加入",
    "reason": "原因",
    "What added it: a webhook, an import, a person.": "由甚麼加入：webhook、匯入或人手。",
    "note": "備註",
    "suppression": "停發地址",
    "suppressions": "停發地址",
    "Media contacts": "傳媒聯絡人",
    "Outlets": "傳媒機構",
    "Checking (dry run)": "檢查中（試行）",
    "Checked: waiting for confirmation": "已檢查：等候確認",
    "Waiting to import": "等候匯入",
    "Importing": "匯入中",
    "file name": "檔案名稱",
    "file size": "檔案大小",
    "data": "資料",
    "Empty: recognised from the file itself.": "留空：由檔案本身辨認。",
    "encoding": "編碼",
    "Every imported contact is added to this list.": "每位匯入的聯絡人都會加入這份名單。",
    "in background": "於背景執行",
    "phase": "階段",
    "rows total": "總行數",
    "rows done": "已處理行數",
    "report": "報告",
    "error": "錯誤",
    "heartbeat at": "最後回報時間",
    "checked at": "檢查時間",
    "imported at": "匯入時間",
    "import job": "匯入工作",
    "import jobs": "匯入工作",
    # pressroom models
    "issuer": "發布機構",
    "issuers": "發布機構",
    "logo": "標誌",
    "The issuer's own (in-house) communications team.": "發布機構本身（內部）的傳訊團隊。",
    "time zone": "時區",
    "Times are typed and shown in this zone, e.g. Asia/Hong_Kong.": (
        "時間以此時區輸入及顯示，例如 Asia/Hong_Kong。"
    ),
    "boilerplate (English)": "機構簡介（英文）",
    "boilerplate (Chinese)": "機構簡介（中文）",
    "boilerplate (this release only)": "機構簡介（只用於這篇新聞稿）",
    "For immediate release": "即時發布",
    "Embargoed": "禁發",
    "release": "新聞稿",
    "releases": "新聞稿",
    "The release's address on the newsroom.": "新聞稿在新聞室的網址。",
    "release type": "發布類型",
    "embargo until": "禁發時間",
    "Hong Kong time (HKT). Nothing is public, on any surface, before this moment.": (
        "香港時間（HKT）。此時間之前，任何渠道都不會公開。"
    ),
    "release date": "發布日期",
    "published at": "發布時間",
    "dateline place (English)": "發稿地點（英文）",
    "dateline place (Chinese)": "發稿地點（中文）",
    "agencies": "公關公司",
    "PR agencies that may see and draft this release.": "可查看及草擬這篇新聞稿的公關公司。",
    "topics": "主題",
    "Topics the newsroom files this release under: the same beats journalists cover.": (
        "新聞室將這篇新聞稿歸入的主題：即記者負責的採訪範疇。"
    ),
    "submitted at": "提交時間",
    "submitted by": "提交人",
    "approved at": "批核時間",
    "approved by": "批核人",
    "approved hash": "批核內容指紋",
    "language": "語言",
    "headline": "標題",
    "sub-headline": "副標題",
    "body": "內文",
    "Leave empty to use the issuer's boilerplate.": "留空即使用發布機構的簡介。",
    "release translation": "新聞稿語言版本",
    "release translations": "新聞稿語言版本",
    "Photo": "相片",
    "Video": "影片",
    "Document": "文件",
    "order": "次序",
    "kind": "類別",
    "caption (English)": "說明（英文）",
    "caption (Chinese)": "說明（中文）",
    "file": "檔案",
    "external link": "外部連結",
    "A link to a cloud-drive folder or a video site, instead of an uploaded file.": (
        "雲端硬碟資料夾或影片網站的連結，代替上載檔案。"
    ),
    "asset": "附件",
    "assets": "附件",
    "media enquiry contact": "傳媒查詢聯絡人",
    "enquiry contacts": "傳媒查詢聯絡人",
    "media enquiries (in the order they appear)": "傳媒查詢（按顯示次序）",
    "author": "撰寫人",
    "text": "內容",
    "release comment": "審批意見",
    "release comments": "審批意見",
    # pressroom admin
    "Release moment": "發布時間",
    "Times are Hong Kong time (HKT).": "時間為香港時間（HKT）。",
    "Dateline": "發稿地點",
    "Record": "紀錄",
    "Headline (English)": "標題（英文）",
    "Headline (Chinese)": "標題（中文）",
    "Embargo until (HKT)": "禁發時間（HKT）",
    "The release changed after it was approved, so it is back in review: it must be approved "
    "again before it can be sent.": "新聞稿在批核後被修改，已退回審批：須再次批核才能發送。",
    # contacts admin
    "Text encoding (CSV)": "文字編碼（CSV）",
    "Leave it to Pressroom unless names come out garbled in the check.": (
        "除非檢查時名稱出現亂碼，否則由 Pressroom 自動辨認。"
    ),
    "Add every contact to the list": "將所有聯絡人加入名單",
    "Optional. Only the lists you may fill are offered.": "選填。只列出你可加入成員的名單。",
    "Import %(things)s": "匯入%(things)s",
    "Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged; %(invalid)s "
    "invalid rows not imported.": (
        "已匯入 %(file)s：新增 %(new)s 項、更新 %(updated)s 項、%(unchanged)s 項不變；"
        "%(invalid)s 行無效，未有匯入。"
    ),
    "Import of %(file)s": "匯入 %(file)s",
    "No such import.": "沒有這項匯入。",
    "distribution list (members and rule)": "發送名單（成員及規則）",
    "Distribution list": "發送名單",
    "Search by email, name in English or Chinese, or outlet.": (
        "可按電郵、中英文姓名或傳媒機構搜尋。"
    ),
    "Work": "工作",
    "Add selected contacts to a distribution list…": "將所選聯絡人加入發送名單…",
    "Remove selected contacts from a distribution list…": "從發送名單移除所選聯絡人…",
    "Added %(count)s contacts to “%(list)s” (%(already)s were on it already).": (
        "已將 %(count)s 位聯絡人加入「%(list)s」（%(already)s 位原已在名單上）。"
    ),
    "Added %(count)s contacts to “%(list)s”.": "已將 %(count)s 位聯絡人加入「%(list)s」。",
    "Removed %(count)s contacts from “%(list)s”.": "已從「%(list)s」移除 %(count)s 位聯絡人。",
    "Its saved rule may still take some of them in.": "名單的規則仍可能將其中部分人納入。",
    "Add to a distribution list": "加入發送名單",
    "Remove from a distribution list": "從發送名單移除",
    "Rule: preferred languages": "規則：慣用語言",
    "Rule: outlet types": "規則：傳媒類型",
    "Rule: regions": "規則：地區",
    "The regions outlets are in.": "傳媒機構所在地區。",
    "Members": "成員",
    "Saved rule": "已儲存的規則",
    "When the list is sent to, every active contact matching the rule is added to the members: "
    "any of the beats, and one of the languages, and one of the outlet types, and one of the "
    "regions (a criterion left empty is not applied).": (
        "發送時，所有符合規則的有效聯絡人都會加入成員：任何一個採訪範疇，加上其中一種語言、"
        "一種傳媒類型及一個地區（留空的條件不會套用）。"
    ),
    "who the list reaches now": "名單目前涵蓋的人",
    "static members": "固定成員",
    "details": "詳情",
    "can be lifted": "可解除",
    "Lift the selected suppressions": "解除所選停發地址",
    "%(count)s kept: a complaint or an unsubscribe is the recipient's own word and cannot be "
    "lifted here.": "%(count)s 項保留：投訴或取消訂閱是收件人本人的決定，不能在此解除。",
    # distribution admin and pages
    "To send a release, open it and choose “Schedule send”.": (
        "如要發送新聞稿，請打開新聞稿並選擇「安排發送」。"
    ),
    "Results": "成效",
    "Scheduled (HKT)": "安排時間（HKT）",
    "Schedule a send": "安排發送",
    "Nothing was scheduled: confirm from the confirmation page.": (
        "未有安排任何發送：請在確認頁面確認。"
    ),
    "That confirmation was already used: nothing more scheduled.": (
        "這項確認已經使用過：沒有再安排發送。"
    ),
    "Nothing was scheduled. %(why)s": "未有安排任何發送。%(why)s",
    "Scheduled: %(kind)s to %(count)s recipients at %(at)s.": (
        "已安排：%(kind)s，共 %(count)s 位收件人，於 %(at)s 發出。"
    ),
    "The release has no text yet: write a headline and body.": (
        "新聞稿尚未有內容：請撰寫標題及內文。"
    ),
    "No such variant of this release.": "這篇新聞稿沒有這個版本。",
    "Preview the email": "預覽電郵",
    "Choose a language version and a kind of send this release has.": (
        "請選擇這篇新聞稿已有的語言版本及發送類別。"
    ),
    "Your user account has no email address: add one to receive a test.": (
        "你的用戶帳戶沒有電郵地址：請先加入，才能收到測試電郵。"
    ),
    "The test message could not be sent to %(email)s: %(error)s": (
        "未能將測試電郵發送至 %(email)s：%(error)s"
    ),
    "Test message “%(subject)s” sent to %(email)s %(where)s.": (
        "測試電郵「%(subject)s」已發送至 %(email)s %(where)s。"
    ),
    "(into the outbox, %(dir)s: open it under Distribution › Outbox)": (
        "（存入寄件匣 %(dir)s：可在「發送 › 寄件匣」打開）"
    ),
    "(kept in memory by the test email backend)": "（由測試電郵後端保存於記憶體）",
    "(through %(backend)s)": "（經 %(backend)s）",
    "No such send.": "沒有這項發送。",
    "Send #%(id)s": "發送 #%(id)s",
    "Sent": "已發送",
    "Delivered": "已送達",
    "Opened by people": "有人開啟",
    "Clicked by people": "有人點擊",
    "Results of send #%(id)s": "發送 #%(id)s 的成效",
    "No such export.": "沒有這項匯出。",
    "Send #%(id)s cancelled. Nothing of it will go out.": "發送 #%(id)s 已取消，不會發出任何電郵。",
    "Send #%(id)s could not be cancelled: it is %(status)s now.": (
        "發送 #%(id)s 未能取消：目前狀態為「%(status)s」。"
    ),
    "Send #%(id)s paused. Messages being handed over right now finish; the rest wait until you "
    "resume.": "發送 #%(id)s 已暫停。正在交付的電郵會完成，其餘會等到你恢復發送。",
    "Send #%(id)s could not be paused: it is %(status)s now.": (
        "發送 #%(id)s 未能暫停：目前狀態為「%(status)s」。"
    ),
    "Send #%(id)s resumed. The remaining messages go out now.": (
        "發送 #%(id)s 已恢復，餘下的電郵現在發出。"
    ),
    "Send #%(id)s could not be resumed: it is %(status)s now.": (
        "發送 #%(id)s 未能恢復：目前狀態為「%(status)s」。"
    ),
    "No such message in the outbox.": "寄件匣沒有這封電郵。",
    "Outbox message": "寄件匣電郵",
    "Choose at least one distribution list.": "請最少選擇一份發送名單。",
    "Send at": "發送時間",
    "Embargoed advance copy": "禁發預發稿",
    "Sending": "發送中",
    "Paused": "已暫停",
    "Cancelled": "已取消",
    "Missed (waiting for a person)": "錯過（等候人手處理）",
    "lists": "名單",
    "Hong Kong time (HKT).": "香港時間（HKT）。",
    "scheduled at": "安排時間",
    "started at": "開始時間",
    "finished at": "完成時間",
    "Why the send was refused, failed or missed.": "發送被拒、失敗或錯過的原因。",
    "status reason": "狀態原因",
    "recipients count": "收件人數",
    "suppressed count": "停發人數",
    "sent count": "已發送數目",
    "failed count": "失敗數目",
    "send": "發送",
    "sends": "發送",
    "Queued": "排隊中",
    "Opened": "已開啟",
    "Clicked": "已點擊",
    "Complained": "已投訴",
    "contact": "聯絡人",
    "esp message id": "電郵服務商訊息編號",
    "attempts": "嘗試次數",
    "claim": "處理批次",
    "leased until": "鎖定至",
    "retry at": "重試時間",
    "sent at": "發送時間",
    "opened at": "開啟時間",
    "clicked at": "點擊時間",
    "machine opened at": "機器開啟時間",
    "machine clicked at": "機器點擊時間",
    "unsubscribed at": "取消訂閱時間",
    "deliveries": "投遞",
    "delivery": "投遞",
    "The ESP's event id, or a hash of the event.": "電郵服務商的事件編號，或事件的雜湊值。",
    "event id": "事件編號",
    "event type": "事件類型",
    "esp name": "電郵服務商",
    "occurred at": "發生時間",
    "recipient": "收件人",
    "reject reason": "拒收原因",
    "An open or click by a scanner or privacy proxy, not a person.": (
        "由掃描程式或私隱代理而非真人開啟或點擊。"
    ),
    "is machine": "機器",
    "payload": "原始資料",
    "received at": "接收時間",
    "delivery event": "投遞事件",
    "delivery events": "投遞事件",
    "ip hash": "IP 雜湊值",
    "A link scanner, not a person: counted separately.": "連結掃描程式而非真人：分開計算。",
    "Why the click was taken for a machine.": "判斷為機器點擊的原因。",
    "machine reason": "機器判斷原因",
    "asset click": "附件點擊",
    "asset clicks": "附件點擊",
    # Templates: contacts
    "The rule matches nobody.": "沒有人符合這項規則。",
    "Check:": "檢查：",
    "Confirm:": "確認：",
    "Columns Pressroom reads": "Pressroom 讀取的欄位",
    "Field": "欄位",
    "Headers accepted": "接受的標題",
    "What goes in it": "內容",
    "How a known address is merged": "如何合併已有的地址",
    "Your recent imports": "你最近的匯入",
    "File": "檔案",
    "Uploaded": "上載時間",
    "Import": "匯入",
    "Running in the background: you may leave this page and come back.": (
        "正在背景執行：你可以離開此頁，稍後再回來。"
    ),
    "Nothing was imported.": "未有匯入任何資料。",
    "Upload a file": "上載檔案",
    "Check (dry run): nothing has been written yet": "檢查（試行）：尚未寫入任何資料",
    "There is nothing to import: correct the file and": "沒有可匯入的資料：請更正檔案並",
    "Row": "行",
    "Reason": "原因",
    "Rows": "行數",
    "Maintained by": "維護機構",
    "An import fills empty fields and never overwrites: where the file says something else, "
    "Pressroom keeps what it has. Change these by hand if the file is right.": (
        "匯入只會填補空白欄位，不會覆蓋：檔案內容不同時，Pressroom 會保留原有資料。"
        "如檔案正確，請以人手修改。"
    ),
    "Kept": "保留",
    "In the file": "檔案內容",
    "Columns": "欄位",
    "Column": "欄位",
    "Header": "標題",
    "Read as": "讀作",
    "How the first rows read": "首幾行的讀取結果",
    "Name (English)": "姓名（英文）",
    "Name (Chinese)": "姓名（中文）",
    "Outlet": "傳媒機構",
    "If Chinese names look garbled, upload the file again choosing its encoding.": (
        "如中文名稱出現亂碼，請選擇檔案的編碼後重新上載。"
    ),
    "Suppression": "停發",
    "This address is suppressed:": "這個地址已停發：",
    "On no list you can see.": "不在任何你可查看的名單上。",
    "Send": "發送",
    "Assets clicked": "已點擊的附件",
    "No release has been sent to this contact yet.": "尚未向這位聯絡人發送任何新聞稿。",
    # Templates: distribution
    "Distribution": "發送",
    "To": "收件人",
    "Subject": "主旨",
    "Size": "大小",
    "The outbox is empty.": "寄件匣沒有電郵。",
    "‹ Newer": "‹ 較新",
    "Older ›": "較舊 ›",
    "Raw message": "原始電郵",
    "Download .eml": "下載 .eml",
    "Attachments": "附件",
    "As plain text": "純文字版本",
    "Straight away, when you confirm (%(moment)s)": "確認後立即發出（%(moment)s）",
    "this send goes %(relation)s": "這次發送在%(relation)s發出",
    "none: the release is for immediate release": "沒有：新聞稿即時發布",
    "addresses, each once": "個地址，每個一次",
    "%(count)s left out (below)": "%(count)s 個不發送（見下文）",
    "On more than one list (one email each)": "在多於一份名單上（每人一封）",
    "Left out (see “Left out”)": "不發送（見「不發送」）",
    "Not valid addresses": "無效地址",
    "No one": "沒有",
    "No one: every contact on these lists is active and not suppressed.": (
        "沒有：這些名單上所有聯絡人均有效，亦未停發。"
    ),
    "Not valid addresses (recorded as failed)": "無效地址（記錄為失敗）",
    "… and %(count)s more": "… 另有 %(count)s 個",
    "Confirm: schedule %(count)s emails for now": "確認：立即發出 %(count)s 封電郵",
    "Confirm: schedule %(count)s emails for %(moment)s": (
        "確認：安排於 %(moment)s 發出 %(count)s 封電郵"
    ),
    "This send cannot be scheduled as it is: change the choices, or fix the release first.": (
        "目前無法安排這次發送：請更改選擇，或先修正新聞稿。"
    ),
    "Sends": "發送",
    "Results: opens, clicks, downloads": "成效：開啟、點擊、下載",
    "All failed deliveries": "所有失敗的投遞",
    "Preview email": "預覽電郵",
    "Language version": "語言版本",
    "Kind": "類別",
    "From": "寄件人",
    "(each journalist sees their own name)": "（每位記者會看到自己的名字）",
    "none": "沒有",
    "This is exactly what the send renders. Its photo and unsubscribe links name no real "
    "recipient, so here they lead to a “link not available” page.": (
        "這正是發送時的內容。預覽中的相片及取消訂閱連結不屬於任何真實收件人，"
        "因此會顯示「連結無效」頁面。"
    ),
    "Send this version to me as a test (%(test_to)s)": "將這個版本發送給我測試（%(test_to)s）",
    "To send yourself a test, add an email address to your user account.": (
        "如要發送測試電郵給自己，請在用戶帳戶加入電郵地址。"
    ),
    "As HTML": "HTML 版本",
    "The email as HTML": "電郵的 HTML 版本",
    "delivered": "已送達",
    "opened by people": "有人開啟",
    "clicked by people": "有人點擊",
    "bounced": "退回",
    "complained": "投訴",
    "unsubscribed": "取消訂閱",
    "Machines, counted apart:": "機器（分開計算）：",
    "Downloads": "下載",
    "No deliveries yet.": "暫無投遞。",
    "Opened, clicked and downloads count people only.": "開啟、點擊及下載只計算真人。",
    "Asset downloads": "附件下載",
    "Asset": "附件",
    "People": "人數",
    "Downloads by people": "真人下載",
    "By machines": "機器",
    "The release has no assets.": "這篇新聞稿沒有附件。",
    "Every click:": "所有點擊：",
    "Excel": "Excel",
    "All": "全部",
    "No outlet": "沒有傳媒機構",
    "Filter": "篩選",
    "Export these rows:": "匯出這些資料：",
    "Name": "姓名",
    "No recipient matches.": "沒有相符的收件人。",
    "Previous": "上一頁",
    "Next": "下一頁",
    "No distribution lists yet:": "暫無發送名單：",
    "Send test to me": "發送測試電郵給我",
    "Sends of this release": "這篇新聞稿的發送",
    "Not sent yet.": "尚未發送。",
    "Audit log": "審計紀錄",
    # Refusals and form errors (services, models, the import)
    "Columns %(first)s and %(second)s are both read as “%(field)s” (%(first_header)s / "
    "%(second_header)s). Keep one of them and upload again.": (
        "第 %(first)s 欄及第 %(second)s 欄都讀作「%(field)s」（%(first_header)s / "
        "%(second_header)s）。請只保留其中一欄，再重新上載。"
    ),
    "The file has no %(field)s column. Pressroom looks for a header such as %(examples)s. "
    "Headers found: %(found)s.": (
        "檔案沒有「%(field)s」欄。Pressroom 會尋找例如 %(examples)s 的標題。找到的標題：%(found)s。"
    ),
    "You may not add contacts to the list “%(list)s”.": "你不可以將聯絡人加入名單「%(list)s」。",
    "%(email)s already belongs to media contact “%(name)s” at %(outlet)s (#%(id)s).": (
        "%(email)s 已屬於%(outlet)s的傳媒聯絡人「%(name)s」（#%(id)s）。"
    ),
    "%(email)s already belongs to media contact “%(name)s” (#%(id)s).": (
        "%(email)s 已屬於傳媒聯絡人「%(name)s」（#%(id)s）。"
    ),
    "Unknown language(s): %(values)s.": "不明語言：%(values)s。",
    "Unknown outlet kind(s): %(values)s.": "不明傳媒類型：%(values)s。",
    "A region is a name, e.g. Hong Kong.": "地區須為名稱，例如 Hong Kong。",
    "The file is %(size)s; the largest file an import takes is %(limit)s. Split it into smaller "
    "files, or ask an administrator to raise IMPORT_MAX_MB.": (
        "檔案大小為 %(size)s；匯入檔案上限為 %(limit)s。請分拆成較小的檔案，"
        "或請管理員調高 IMPORT_MAX_MB。"
    ),
    "This import is “%(status)s”: it cannot be confirmed now.": (
        "這項匯入的狀態是「%(status)s」：現在不能確認。"
    ),
    "The release is %(status)s, not approved.": "新聞稿的狀態是「%(status)s」，尚未批核。",
    "An embargoed advance copy needs a release with an embargo time.": (
        "禁發預發稿須用於設有禁發時間的新聞稿。"
    ),
    "The embargo lifted at %(embargo)s: an advance copy can no longer go out. Send it as an "
    "immediate release.": "禁發時間已於 %(embargo)s 解除：不能再發出預發稿。請以即時發布發送。",
    "Embargoed advance copies go only to lists trusted for embargo; not trusted: %(lists)s.": (
        "禁發預發稿只會發給可收禁發稿的名單；以下名單不可收：%(lists)s。"
    ),
    "The release is under embargo until %(embargo)s: an immediate release cannot go out before "
    "then.": "新聞稿禁發至 %(embargo)s：在此之前不能以即時發布發出。",
    # A send's status reason, written by a worker in each language
    "status reason in each language": "各語言的狀態原因",
    "Not sent: the moment passed %(minutes)s minutes ago while no worker was running. It waits "
    "for a person: cancel it, or schedule it again.": (
        "未發送：發送時間已過了 %(minutes)s 分鐘，期間沒有工作程序運行。"
        "此發送待人處理：取消，或重新排程。"
    ),
    "No one left to send to: every contact is suppressed or no longer active.": (
        "已無可發送的對象：所有聯絡人均已停發或不再有效。"
    ),
    "Refused when its moment came: %(refusal)s": "到了發送時間時被拒絕：%(refusal)s",
    "Stopped: %(refusal)s": "已停止：%(refusal)s",
    "Replaced by a newer update.": "已由較新的更新取代。",
    "Discarded.": "已捨棄。",
    "The embargo moved to %(moment)s: an advance copy can no longer go out at its time.": (
        "禁發時間已改為 %(moment)s：預發稿不能再按原定時間發出。"
    ),
    "Both, side by side (中英對照)": "中英對照",
    "%(count)s h": "%(count)s 小時",
    "%(count)s min": "%(count)s 分鐘",
    "less than a minute": "不足一分鐘",
    "at the moment the embargo lifts": "於禁發時間解除之時",
    "%(time)s before the embargo lifts": "禁發時間解除前 %(time)s",
    "%(time)s after the embargo lifts": "禁發時間解除後 %(time)s",
    "The advance copy goes out only %(time)s before the embargo lifts: journalists have little "
    "time to prepare, and an immediate release at the embargo may serve them as well.": (
        "預發稿只在禁發時間解除前 %(time)s 發出：記者準備時間不多，"
        "於禁發時間以即時發布發送可能同樣合適。"
    ),
    "The advance copy goes out %(time)s before the embargo lifts: a long embargo is hard to "
    "keep.": "預發稿在禁發時間解除前 %(time)s 發出：禁發期太長，難以保密。",
    "The email goes out %(time)s after the embargo lifted (%(embargo)s): the story is already "
    "public on the newsroom.": (
        "電郵在禁發時間解除（%(embargo)s）後 %(time)s 才發出：新聞已在新聞室公開。"
    ),
    "The send is %(time)s away. Is the date right?": "距離發送還有 %(time)s。日期正確嗎？",
    "The release is in %(language)s only: every recipient gets it in %(language)s, including "
    "those who prefer the other language.": (
        "新聞稿只有%(language)s版本：所有收件人（包括慣用另一種語言的人）都會收到%(language)s版本。"
    ),
    "“%(list)s”: its saved rule matches no one today.": (
        "「%(list)s」：已儲存的規則目前沒有符合的人。"
    ),
    "“%(list)s” has no contacts.": "「%(list)s」沒有聯絡人。",
    "no time": "未定時間",
    "no list": "沒有名單",
    "This release already has a %(kind)s send (#%(id)s, %(status)s, %(when)s) to %(lists)s: "
    "anyone on both gets the email twice.": (
        "這篇新聞稿已有一項%(kind)s發送（#%(id)s，%(status)s，%(when)s）給 %(lists)s："
        "同時在兩者之上的人會收到兩封電郵。"
    ),
    "The release has no text in any language.": "新聞稿沒有任何語言的內容。",
    "suppressed: %(reason)s": "已停發：%(reason)s",
    "contact status: %(status)s": "聯絡人狀態：%(status)s",
    "That moment (%(moment)s) has passed. Choose now or a time in the future.": (
        "該時間（%(moment)s）已過。請選擇現在或將來的時間。"
    ),
    "No one to send to: all %(count)s contacts on these lists are suppressed or no longer "
    "active.": "沒有收件人：這些名單上全部 %(count)s 位聯絡人均已停發或不再有效。",
    "No one to send to: these lists have no contacts.": "沒有收件人：這些名單沒有聯絡人。",
    "Nothing to send.": "沒有可發送的內容。",
    # The bilingual check's findings (pressroom.bilingual, pressroom.workflow)
    "only in English: %(values)s": "只見於英文版：%(values)s",
    "only in Chinese: %(values)s": "只見於中文版：%(values)s",
    "%(what)s differ — %(details)s": "%(what)s不同 — %(details)s",
    "Numbers, percentages or amounts": "數字、百分比或金額",
    "Dates": "日期",
    "The English quotes someone in %(en)s paragraph(s), the Chinese in %(zh)s.": (
        "英文版有 %(en)s 段引述，中文版有 %(zh)s 段。"
    ),
    "The English has %(en)s paragraph(s), the Chinese %(zh)s.": (
        "英文版有 %(en)s 段，中文版有 %(zh)s 段。"
    ),
    "Headline": "標題",
    "Sub-headline": "副標題",
    "Body": "內文",
    # The release form's own checks (pressroom.models)
    "%(zone)s is not a known time zone.": "%(zone)s 不是已知的時區。",
    "An embargoed release needs the time its embargo lifts.": "禁發的新聞稿須填寫禁發時間。",
    "The embargo time %(moment)s has already passed. Choose a time in the future, or make it a "
    "release for immediate release.": (
        "禁發時間 %(moment)s 已過。請選擇將來的時間，或改為即時發布。"
    ),
    "A release for immediate release has no embargo time: clear it, or choose “Embargoed”.": (
        "即時發布的新聞稿沒有禁發時間：請清除該時間，或選擇「禁發」。"
    ),
    "A release needs a headline and body in at least one language before it can leave draft.": (
        "新聞稿須最少有一種語言的標題及內文，才能離開草稿狀態。"
    ),
    "Choose one of the languages offered: %(languages)s.": "請選擇提供的語言之一：%(languages)s。",
    # Dates in templates: Django date formats, the Chinese way
    "j M Y H:i T": "Y年n月j日 H:i T",
    "j M Y H:i:s T": "Y年n月j日 H:i:s T",
    "j M H:i T": "n月j日 H:i T",
    "j M H:i": "n月j日 H:i",
    "j M Y H:i": "Y年n月j日 H:i",
    "j M Y H:i:s": "Y年n月j日 H:i:s",
    # A list's reach (templates/admin/contacts/distributionlist/reach.html)
    "and <strong>%(count)s</strong> matching the saved rule.": (
        "及 <strong>%(count)s</strong> 位符合已儲存的規則。"
    ),
    "and <strong>%(count)s</strong> matching the edited rule (not saved yet).": (
        "及 <strong>%(count)s</strong> 位符合修改後的規則（尚未儲存）。"
    ),
    "Who the rule takes in (the first %(count)s):": "規則納入的人（首 %(count)s 位）：",
    "Who the rule takes in:": "規則納入的人：",
    "not sent to": "不會發送",
    # The import pages (templates/admin/contacts/import*.html)
    "upload a CSV or XLSX file. Pressroom reads it and shows what an import would do — new, "
    "updated, unchanged and invalid rows, each invalid row with its row number and reason. "
    "Nothing is written.": (
        "上載 CSV 或 XLSX 檔案。Pressroom 會讀取檔案，顯示匯入的結果："
        "新增、更新、不變及無效的行，每個無效行都列出行號及原因。不會寫入任何資料。"
    ),
    "the valid rows are imported in one go, or not at all.": (
        "有效的行會一次過全部匯入，否則全不匯入。"
    ),
    "Files up to %(limit_mb)s. Files over %(background_kb)s KB are checked and imported in the "
    "background while this page shows the progress.": (
        "檔案上限為 %(limit_mb)s。超過 %(background_kb)s KB 的檔案會在背景檢查及匯入，"
        "此頁會顯示進度。"
    ),
    "Check the file": "檢查檔案",
    "The first row holds the headers, in English or Chinese (or both, e.g. “電郵 Email”); case, "
    "spaces and full-width letters do not matter. Any other column is listed in the check and "
    "ignored — so is an <code>ID</code> column: rows are matched by email address": (
        "第一行是標題，可用英文或中文（或兩者，例如「電郵 Email」）；"
        "大小楷、空格及全形字母均不影響。"
        "其他欄位會在檢查中列出並略過——<code>ID</code> 欄亦一樣：各行以電郵地址配對"
    ),
    "(outlets by name)": "（傳媒機構以名稱配對）",
    ", never by an id in a file. CSV may be UTF-8 (with or without BOM), Big5 or UTF-16, "
    "separated by commas, semicolons or tabs. Spreadsheets with formulas are refused: paste "
    "them as values first.": (
        "，絕不以檔案中的編號配對。CSV 可用 UTF-8（有或沒有 BOM）、Big5 或 UTF-16 編碼，"
        "以逗號、分號或 Tab 分隔。含公式的試算表會被拒絕：請先貼上為數值。"
    ),
    "(required)": "（必填）",
    "An address Pressroom knows already (whatever its case or width) updates that contact: "
    "empty fields are filled, nothing is erased or overwritten (differences are listed in the "
    "check), beats are added. An address twice in the file is merged and reported. An address "
    "on the suppression list stays suppressed. A PR agency’s import changes only the contacts "
    "the agency maintains and fills only the agency’s own lists.": (
        "Pressroom 已有的地址（不論大小楷或全半形）會更新該聯絡人：填補空白欄位，"
        "不會刪除或覆蓋任何資料（差異會在檢查中列出），並加入採訪範疇。檔案中重複的地址會合併並列出。"
        "停發名單上的地址維持停發。公關公司的匯入只會修改該公司維護的聯絡人，"
        "亦只會加入該公司自己的名單。"
    ),
    "uploaded": "上載於",
    "every contact is added to the list <strong>%(list)s</strong>": (
        "所有聯絡人都會加入名單 <strong>%(list)s</strong>"
    ),
    "%(done)s of %(total)s rows": "%(done)s / %(total)s 行",
    "new": "新增",
    "added": "已新增",
    "to update": "待更新",
    "updated": "已更新",
    "unchanged": "不變",
    "Confirm import of the valid rows": "確認匯入有效的行",
    "upload it again": "重新上載",
    "See the %(things)s": "查看%(things)s",
    "or": "或",
    "import another file": "匯入另一個檔案",
    "Invalid rows (%(count)s)": "無效的行（%(count)s）",
    "Row %(row)s": "第 %(row)s 行",
    "The first %(count)s are shown.": "只顯示首 %(count)s 項。",
    "Suppressed addresses (%(count)s): they stay suppressed": "已停發地址（%(count)s）：維持停發",
    "These addresses are on the suppression list or their contact no longer receives releases. "
    "The import will keep them that way: no release goes to them.": (
        "這些地址在停發名單上，或其聯絡人不再接收新聞稿。匯入會維持原狀：不會向他們發送新聞稿。"
    ),
    "These addresses are on the suppression list or their contact no longer receives releases. "
    "The import kept them that way: no release goes to them.": (
        "這些地址在停發名單上，或其聯絡人不再接收新聞稿。匯入已維持原狀：不會向他們發送新聞稿。"
    ),
    "Known records your organisation does not maintain (%(count)s)": (
        "已有但不由你的機構維護的紀錄（%(count)s）"
    ),
    "Their details were left as they are; they are still added to your lists.": (
        "其資料維持不變；仍會加入你的名單。"
    ),
    "Their details were left as they are.": "其資料維持不變。",
    "Values kept (%(count)s)": "保留的資料（%(count)s）",
    "To be created": "將會建立",
    "Outlets (%(count)s; set their type on the outlet’s page):": (
        "傳媒機構（%(count)s；請在傳媒機構頁面設定類型）："
    ),
    "Outlets (%(count)s):": "傳媒機構（%(count)s）：",
    "Beats (%(count)s):": "採訪範疇（%(count)s）：",
    "Distribution lists:": "發送名單：",
    "%(count)s to add": "將加入 %(count)s 位",
    "%(count)s added": "已加入 %(count)s 位",
    "%(count)s already on it": "%(count)s 位原已在名單上",
    "ignored: %(why)s": "略過：%(why)s",
    # A media contact's page and the list actions
    "since": "自",
    "No release is sent to it.": "不會向這個地址發送新聞稿。",
    "Not suppressed, but the contact’s status is “%(status)s”: no release is sent to it.": (
        "未停發，但聯絡人的狀態是「%(status)s」：不會向其發送新聞稿。"
    ),
    "Not suppressed.": "未停發。",
    "Distribution lists (%(count)s)": "發送名單（%(count)s）",
    "Releases sent (%(count)s)": "已發送的新聞稿（%(count)s）",
    "%(count)s times": "%(count)s 次",
    "link scanner": "連結掃描程式",
    "The latest %(count)s are shown.": "只顯示最近 %(count)s 項。",
    "Add to the list": "加入名單",
    "Remove from the list": "從名單移除",
    # The outbox
    "Email goes to this outbox: nothing leaves this machine. Each message is a file in "
    "<code>%(folder)s</code> that any mail program can open.": (
        "電郵會存入這個寄件匣：不會離開這部電腦。每封電郵都是 <code>%(folder)s</code> "
        "中的一個檔案，任何電郵程式都可以打開。"
    ),
    "Email now goes out through <code>%(backend)s</code>; this folder (<code>%(folder)s</code>) "
    "holds what the outbox kept earlier.": (
        "電郵現經 <code>%(backend)s</code> 發出；這個資料夾（<code>%(folder)s</code>）"
        "保存寄件匣之前的電郵。"
    ),
    "Date (%(zone_name)s)": "日期（%(zone_name)s）",
    "(no subject)": "（沒有主旨）",
    "Page %(number)s of %(total)s (%(count)s messages)": (
        "第 %(number)s 頁，共 %(total)s 頁（%(count)s 封電郵）"
    ),
    # Sending pages
    "Send a release…": "發送新聞稿…",
    "done.": "完成。",
    "Recipients are counted again when the send starts.": "開始發送時會重新計算收件人。",
    "Updates every 2 seconds.": "每 2 秒更新。",
    "Cancel this send? Nothing of it will go out.": "取消這次發送？所有電郵都不會發出。",
    "%(count)s still being sent.": "%(count)s 封仍在發送中。",
    "opened only by a machine (privacy proxy, scanner),": "封只由機器開啟（私隱代理、掃描程式），",
    "clicked only by a link scanner.": "封只由連結掃描程式點擊。",
    "failed.": "封失敗。",
    "left out before sending (suppressed or inactive).": "個在發送前剔除（已停發或無效）。",
    "A click counts as an open: mail programs that block images never report opens.": (
        "點擊亦計作開啟：封鎖圖片的電郵程式不會回報開啟。"
    ),
    "Opens and clicks by people, first 48 hours": "首 48 小時的真人開啟及點擊",
    "first opens (%(count)s)": "首次開啟（%(count)s）",
    "first clicks (%(count)s)": "首次點擊（%(count)s）",
    "machine only": "只有機器",
    "Page %(number)s of %(total)s (%(count)s recipients).": (
        "第 %(number)s 頁，共 %(total)s 頁（%(count)s 位收件人）。"
    ),
    "Times in %(zone)s.": "時間為 %(zone)s。",
    "May receive embargoed advance copies": "可收禁發預發稿",
    "add one": "新增",
    "Before the embargo lifts, only to lists trusted for embargo. Subject and text say "
    "“EMBARGOED UNTIL %(embargo)s”.": (
        "於禁發時間解除前，只發給可收禁發稿的名單。主旨及內文註明「EMBARGOED UNTIL %(embargo)s」。"
    ),
    "The email journalists may publish at once. It cannot go out before the embargo lifts.": (
        "記者可即時刊登的電郵。禁發時間解除前不能發出。"
    ),
    "Send at (%(zone_name)s)": "發送時間（%(zone_name)s）",
    "Type the time in Hong Kong time (%(zone_name)s); it is now %(now_display)s. Leave it empty "
    "for the usual moment:": (
        "請以香港時間（%(zone_name)s）輸入；現在是 %(now_display)s。留空即用一般時間："
    ),
    "an immediate release goes at <strong>%(immediate_default)s</strong>, when the embargo "
    "lifts;": "即時發布於禁發時間解除時 <strong>%(immediate_default)s</strong> 發出；",
    "an immediate release goes straight away;": "即時發布會立即發出；",
    "an advance copy goes straight away.": "預發稿會立即發出。",
    "Preview on newsroom (%(name)s)": "在新聞室預覽（%(name)s）",
    "No %(name)s with ID “%(key)s”.": "沒有編號為「%(key)s」的%(name)s。",
    "Both (中英對照)": "中英對照",
    "opened": "開啟",
    "clicked": "點擊",
    "Hours in %(zone)s": "時間（%(zone)s）",
    "d M H:00": "n月j日 H:00",
    "user preference": "用戶偏好",
    "user preferences": "用戶偏好",
    "membership": "所屬機構",
    "memberships": "所屬機構",
    "Spreadsheet (CSV or XLSX)": "試算表（CSV 或 XLSX）",
    "Recognise automatically": "自動辨認",
    "People opening and clicking, per hour, first 48 hours": "首 48 小時每小時開啟及點擊的人數",
    # The columns an import reads (contacts.resources), shown on the import page
    "One address per row; required. Capitals, spaces and full-width letters do not matter: "
    "Mary.Lam@Example.com and mary.lam@example.com are one journalist.": (
        "每行一個地址；必填。大小楷、空格及全形字母均不影響："
        "Mary.Lam@Example.com 與 mary.lam@example.com 是同一位記者。"
    ),
    "A single name column: read as the Chinese name when written in Chinese characters, "
    "otherwise as the English name. A new contact needs a name.": (
        "單一姓名欄：以中文字書寫的讀作中文姓名，否則讀作英文姓名。新聯絡人須有姓名。"
    ),
    "A single name column: read as the Chinese name when written in Chinese characters, "
    "otherwise as the English name.": (
        "單一名稱欄：以中文字書寫的讀作中文名稱，否則讀作英文名稱。"
    ),
    "The English name.": "英文姓名。",
    "The Chinese name.": "中文姓名。",
    "Matched by its English or Chinese name, whatever the case; an outlet Pressroom does not "
    "know yet is created.": ("以中文或英文名稱配對，不論大小楷；Pressroom 未有的傳媒機構會新增。"),
    "Only used when the outlet is new: newspaper 報章, TV 電視, radio 電台, online 網媒, wire "
    "通訊社, magazine 雜誌, trade 專業刊物, blog 網誌.": (
        "只在新增傳媒機構時使用：newspaper 報章、TV 電視、radio 電台、online 網媒、"
        "wire 通訊社、magazine 雜誌、trade 專業刊物、blog 網誌。"
    ),
    "Several beats separated by commas or 、; a beat Pressroom does not know yet is created. "
    "Beats are tags: an import adds them and never removes one.": (
        "多個採訪範疇以逗號或「、」分隔；Pressroom 未有的範疇會新增。"
        "採訪範疇是標籤：匯入只會加入，不會移除。"
    ),
    "English (英文), Chinese (中文) or Both (中英). Empty: both, for a new contact.": (
        "English（英文）、Chinese（中文）或 Both（中英）。留空：新聯絡人當作中英文皆可。"
    ),
    "English (英文), Chinese (中文) or Both (中英). Empty: both.": (
        "English（英文）、Chinese（中文）或 Both（中英）。留空：中英文。"
    ),
    "Distribution lists to add the contact to, separated by semicolons. A list your "
    "organisation does not have yet is created.": (
        "要加入的發送名單，以分號分隔。你的機構未有的名單會新增。"
    ),
    "The English name; outlets are matched by name, whatever the case.": (
        "英文名稱；傳媒機構以名稱配對，不論大小楷。"
    ),
    "newspaper 報章, TV 電視, radio 電台, online 網媒, wire 通訊社, magazine 雜誌, trade 專業刊物, "
    "blog 網誌. Empty: not known yet.": (
        "newspaper 報章、TV 電視、radio 電台、online 網媒、wire 通訊社、magazine 雜誌、"
        "trade 專業刊物、blog 網誌。留空：尚未知道。"
    ),
    "e.g. Hong Kong 香港.": "例如 Hong Kong 香港。",
    "Export": "匯出",
    # The import's report and refusals (contacts.importer, contacts.tabular, contacts.services)
    "Read as %(format)s; the header is row %(row)s.": "以 %(format)s 讀取；標題在第 %(row)s 行。",
    "“%(name)s” is the name of lists of several organisations: choose the list on the import "
    "page instead": "「%(name)s」是多個機構的名單名稱：請改在匯入頁面選擇名單",
    "unknown list “%(name)s” (you belong to no organisation, so Pressroom cannot create it)": (
        "不明名單「%(name)s」（你不屬於任何機構，因此 Pressroom 不能建立名單）"
    ),
    "Job title": "職位",
    "Phone": "電話",
    "%(field)s is longer than %(limit)s characters": "%(field)s超過 %(limit)s 個字元",
    "Comparing with the media database": "正在與傳媒資料庫比對",
    "Writing (one transaction)": "正在寫入（單一交易）",
    "Reading the rows": "正在讀取資料行",
    "no email address": "沒有電郵地址",
    "“%(email)s” is not a valid email address": "「%(email)s」不是有效的電郵地址",
    "unknown language “%(language)s”: use English, Chinese or Both (英文、中文、中英)": (
        "不明語言「%(language)s」：請用 English、Chinese 或 Both（英文、中文、中英）"
    ),
    "unknown outlet type “%(kind)s”: use newspaper, TV, radio, online, wire, magazine, trade "
    "or blog": (
        "不明傳媒類型「%(kind)s」：請用 newspaper、TV、radio、online、wire、magazine、trade 或 blog"
    ),
    "missing name: a new contact needs a name in English or Chinese": (
        "欠缺姓名：新聯絡人須有中文或英文姓名"
    ),
    "missing name: an outlet needs a name in English or Chinese": (
        "欠缺名稱：傳媒機構須有中文或英文名稱"
    ),
    "unknown outlet type “%(kind)s”": "不明傳媒類型「%(kind)s」",
    "unknown language “%(language)s”: use English, Chinese or Both": (
        "不明語言「%(language)s」：請用 English、Chinese 或 Both"
    ),
    "“%(website)s” is not a web address": "「%(website)s」不是網址",
    "Starting": "開始中",
    "The person who uploaded this file no longer has an account.": "上載這個檔案的人已沒有帳戶。",
    "Reading the file": "正在讀取檔案",
    "Some of these addresses, outlets or lists were added by someone else while the import ran, "
    "so nothing was imported. Upload the file again to check it against the media database as "
    "it is now.": (
        "匯入期間，其他人加入了部分地址、傳媒機構或名單，因此沒有匯入任何資料。"
        "請重新上載檔案，與目前的傳媒資料庫再次比對。"
    ),
    "An unexpected error stopped the import; nothing was imported. It has been logged.": (
        "發生意外錯誤，匯入已停止；沒有匯入任何資料。錯誤已記錄。"
    ),
    "an old Excel 97-2003 workbook (.xls) or another Office file": (
        "舊式 Excel 97-2003 活頁簿（.xls）或其他 Office 檔案"
    ),
    "a PDF document": "PDF 文件",
    "a PNG image": "PNG 圖片",
    "a JPEG image": "JPEG 圖片",
    "a GIF image": "GIF 圖片",
    "a gzip archive": "gzip 壓縮檔",
    "a RAR archive": "RAR 壓縮檔",
    "a 7-Zip archive": "7-Zip 壓縮檔",
    "In Excel choose File › Save As › “CSV UTF-8” or “Excel Workbook (.xlsx)”.": (
        "請在 Excel 選擇「檔案 › 另存新檔 › CSV UTF-8」或「Excel 活頁簿（.xlsx）」。"
    ),
    "The file is empty.": "檔案是空的。",
    "This file is %(what)s, not a CSV or XLSX spreadsheet. %(hint)s": (
        "這個檔案是%(what)s，不是 CSV 或 XLSX 試算表。%(hint)s"
    ),
    "The workbook has no worksheet.": "活頁簿沒有工作表。",
    "The file is empty: it has no header row and no rows.": (
        "檔案是空的：沒有標題行，也沒有資料行。"
    ),
    "The CSV file cannot be read: %(error)s.": "無法讀取 CSV 檔案：%(error)s。",
    "The file is not %(encoding)s text (unreadable byte at position %(position)s). Choose "
    "another encoding, or “Recognise automatically”.": (
        "檔案不是 %(encoding)s 文字（位置 %(position)s 有無法讀取的位元組）。"
        "請選擇其他編碼，或選「自動辨認」。"
    ),
    "Pressroom could not tell which text encoding this file uses (it is not UTF-8, UTF-16 or "
    "Big5), or it is not a text file. %(hint)s Or choose the encoding below.": (
        "Pressroom 無法辨認這個檔案的文字編碼（不是 UTF-8、UTF-16 或 Big5），"
        "或檔案不是文字檔。%(hint)s 或在下面選擇編碼。"
    ),
    "The file says it is %(encoding)s text but has an unreadable byte at position "
    "%(position)s. %(hint)s": (
        "檔案標明是 %(encoding)s 文字，但位置 %(position)s 有無法讀取的位元組。%(hint)s"
    ),
    "The file has more than %(max)s rows, the most one import takes. Split it into smaller "
    "files.": "檔案超過 %(max)s 行，即每次匯入的上限。請分拆成較小的檔案。",
    "Only the first sheet, “%(sheet)s”, was read; the workbook has %(count)s sheets.": (
        "只讀取了第一個工作表「%(sheet)s」；活頁簿共有 %(count)s 個工作表。"
    ),
    " and %(count)s more": " 及另外 %(count)s 個",
    "The workbook holds formulas, in cell %(cells)s%(more)s. Pressroom imports values, not "
    "formulas: in Excel select the cells, Copy, then Paste Special › Values, save and upload "
    "again.": (
        "活頁簿在儲存格 %(cells)s%(more)s 含有公式。Pressroom 只匯入數值，不匯入公式："
        "請在 Excel 選取儲存格，複製，再「選擇性貼上 › 值」，儲存後重新上載。"
    ),
    "This file is a ZIP archive but not a readable Excel workbook (.xlsx). %(hint)s": (
        "這個檔案是 ZIP 壓縮檔，但不是可讀取的 Excel 活頁簿（.xlsx）。%(hint)s"
    ),
    "This file holds binary data, not text: it is not a CSV spreadsheet. %(hint)s": (
        "這個檔案含有二進位資料而非文字：不是 CSV 試算表。%(hint)s"
    ),
    # Workbooks that would unpack too large (contacts/tabular.py, refuse_zip_bomb)
    "This file holds more than %(max)s parts, where an Excel workbook holds a few dozen: "
    "Pressroom does not open it, and nothing was imported. %(hint)s": (
        "這個檔案內含超過 %(max)s 個部分，而 Excel 活頁簿只有數十個：Pressroom 不會開啟它，"
        "未有匯入任何資料。%(hint)s"
    ),
    "Unpacked, this workbook would take %(size)s, more than the %(limit)s one import reads. "
    "Nothing was imported: split it into smaller files.": (
        "這個活頁簿解壓後會佔 %(size)s，超過一次匯入可讀取的 %(limit)s。"
        "未有匯入任何資料：請把它分拆成較小的檔案。"
    ),
    "Unpacked, the part “%(part)s” of this workbook would take %(size)s, more than the "
    "%(limit)s one import reads. Nothing was imported: split it into smaller files.": (
        "這個活頁簿中的「%(part)s」解壓後會佔 %(size)s，超過一次匯入可讀取的 %(limit)s。"
        "未有匯入任何資料：請把它分拆成較小的檔案。"
    ),
    "This workbook is packed far more tightly than a spreadsheet can be (“%(part)s” would "
    "unpack to %(ratio)s times its size), as files made to exhaust a server’s memory are: "
    "Pressroom does not open it, and nothing was imported. %(hint)s": (
        "這個活頁簿的壓縮程度遠超任何試算表（「%(part)s」解壓後會是原來的 %(ratio)s 倍），"
        "與刻意耗盡伺服器記憶體的檔案一樣：Pressroom 不會開啟它，未有匯入任何資料。%(hint)s"
    ),
    # Embargo changes (distribution/embargo.py, admin_changes.py, send/embargo_*.html)
    "Change or lift the embargo": "更改或解除禁發時間",
    "Change the embargo": "更改禁發時間",
    "Embargo update": "禁發時間更新",
    "The embargo update": "禁發時間更新",
    "Review and approve this embargo update": "審閱及批核這項禁發時間更新",
    "Embargo update, in the thread of advance copy": "禁發時間更新，接續預發稿",
    "Recipients of the advance copies": "預發稿的收件人",
    "Advance copy recipients": "預發稿收件人",
    "Moving the embargo drafts an update to everyone who had the advance copy, in their language "
    "and in its thread. Once an in-house approver approves it, the embargo, the sends due at it "
    "and the newsroom move together.": (
        "更改禁發時間會草擬一封更新，以各人的語言、在預發稿的同一郵件串中，發給所有收到預發稿的人。"
        "機構內部的批核人批核後，禁發時間、於禁發時間發出的發送及新聞室會一併更改。"
    ),
    "New embargo time": "新禁發時間",
    "Type the new embargo time.": "請輸入新的禁發時間。",
    "Type the new embargo time as a date and a time.": "請以日期及時間輸入新的禁發時間。",
    "Draft the embargo update": "草擬禁發時間更新",
    "Waiting for approval": "等候批核",
    "The embargo broke?": "禁發已被打破？",
    "Lift the embargo now": "立即解除禁發",
    "Nothing was drafted. %(reason)s": "未有草擬任何更新。%(reason)s",
    "Embargo update drafted: an in-house approver approves it here.": (
        "已草擬禁發時間更新：須由機構內部的批核人在此頁批核。"
    ),
    "Embargo was": "原禁發時間",
    "New embargo": "新禁發時間",
    "Goes to": "發送對象",
    "recipients of the advance copy": "位預發稿收件人",
    "Drafted by": "草擬人",
    "Moves with it, when approved": "批核後一併更改",
    "cancelled, too late for an advance copy": "取消：已太遲發出預發稿",
    "The newsroom shows the release from the new time.": "新聞室由新的時間起顯示這篇新聞稿。",
    "Approve: move the embargo and send the update": "批核：更改禁發時間並發送更新",
    "Discard": "捨棄",
    "Embargo update discarded: nothing changed.": "已捨棄禁發時間更新：沒有任何改動。",
    "Nothing changed: this update is no longer a draft.": "沒有任何改動：這項更新已不再是草稿。",
    "Nothing changed: approve or discard from this page.": "沒有任何改動：請在此頁批核或捨棄。",
    "Embargo moved. The update goes to the advance copy's recipients now.": (
        "禁發時間已更改。更新現在發送給預發稿的收件人。"
    ),
    "Nothing changed: confirm from the confirmation page.": "沒有任何改動：請在確認頁面確認。",
    "Embargo lifted. The release is public now; the update and the release go out now.": (
        "禁發已解除。新聞稿現已公開；更新及新聞稿現在發出。"
    ),
    "recipients of the advance copy are told it is lifted": "位預發稿收件人會收到禁發解除的通知",
    "now": "現在",
    "goes out now": "立即發出",
    "cancelled": "取消",
    "The newsroom shows the release now.": "新聞室現在顯示這篇新聞稿。",
    "The newsroom shows the release once it is sent.": "新聞稿發出後，新聞室便會顯示。",
    "Only a PR officer who may send releases can change an embargo.": (
        "只有可發送新聞稿的公關人員才能更改禁發時間。"
    ),
    "This release has no embargo to change.": "這篇新聞稿沒有可更改的禁發時間。",
    "The embargo has already lifted.": "禁發時間已經解除。",
    "Only an approved or scheduled release's embargo can be changed here.": (
        "只有已批核或已安排發送的新聞稿，才能在此更改禁發時間。"
    ),
    "No advance copy of this release has reached anyone: change the embargo on the release "
    "itself.": "這篇新聞稿的預發稿尚未送達任何人：請直接在新聞稿上更改禁發時間。",
    "The new embargo time has passed. Choose a time in the future, or lift it now.": (
        "新的禁發時間已過。請選擇將來的時間，或立即解除禁發。"
    ),
    "That is the embargo time already.": "禁發時間已經是這個時間。",
    "Only an in-house approver can approve an embargo change.": (
        "只有機構內部的批核人才能批核禁發時間的更改。"
    ),
    "Someone other than whoever drafted it must approve it (the two-person rule).": (
        "須由草擬人以外的人批核（雙人原則）。"
    ),
    "Nothing changed: this embargo update was already approved, replaced or discarded.": (
        "沒有任何改動：這項禁發時間更新已獲批核、已被取代或已捨棄。"
    ),
    "Nothing changed: the embargo was changed since this update was drafted. Draft it again "
    "from the current embargo.": (
        "沒有任何改動：草擬這項更新後，禁發時間已被更改。請按目前的禁發時間重新草擬。"
    ),
    "Nothing changed: the new embargo time has passed. Draft a new time, or lift it now.": (
        "沒有任何改動：新的禁發時間已過。請草擬新的時間，或立即解除禁發。"
    ),
    "Nothing changed: this embargo update was discarded meanwhile.": (
        "沒有任何改動：這項禁發時間更新已在此期間被捨棄。"
    ),
    "Only an in-house approver can lift an embargo now.": "只有機構內部的批核人才能立即解除禁發。",
    "Nothing changed: the embargo was changed since you opened this page. Look again.": (
        "沒有任何改動：你打開此頁後，禁發時間已被更改。請重新查看。"
    ),
    # Follow-ups (distribution/followups.py, admin_changes.py, send/follow_up.html)
    "Follow-up": "跟進",
    "Follow up": "跟進",
    "Follow-up of": "跟進自發送",
    "Follow up send #%(id)s": "跟進發送 #%(id)s",
    "Recipients who did not open it": "未開啟的收件人",
    "Failed deliveries, to corrected addresses": "投遞失敗者，寄往更正後的地址",
    "New lists, leaving out whoever has the release": "新名單，剔除已收到新聞稿的人",
    "A follow-up is a send of its own. Nobody who already has this release receives it again.": (
        "跟進是一次獨立的發送。已收到這篇新聞稿的人不會再次收到。"
    ),
    "Confirm the follow-up": "確認跟進",
    "Send the release again to": "再次發送新聞稿給",
    "New lists": "新名單",
    "%(count)s recipients have not opened it (machine opens by scanners do not count).": (
        "%(count)s 位收件人尚未開啟（掃描程式的機器開啟不計算在內）。"
    ),
    "Failed deliveries: the corrected address": "投遞失敗：更正後的地址",
    "Corrected address": "更正後的地址",
    "Send the follow-up now": "立即發送跟進",
    "Check again": "重新檢查",
    "Check whom it goes to": "檢查發送對象",
    "Choose whom the follow-up is for.": "請選擇跟進的對象。",
    "Nothing was sent: confirm from the confirmation page.": "未有發送任何電郵：請在確認頁面確認。",
    "That confirmation was already used: nothing more sent.": "這項確認已經使用過：沒有再發送。",
    "Nothing was sent. %(reason)s": "未有發送任何電郵。%(reason)s",
    "Follow-up scheduled: %(count)s recipients, now.": (
        "已安排跟進：%(count)s 位收件人，立即發出。"
    ),
    "opened another copy, or already followed up": "已開啟另一封，或已跟進",
    "“%(typed)s” (for %(email)s) is not a valid email address.": (
        "「%(typed)s」（%(email)s 的更正地址）不是有效的電郵地址。"
    ),
    "address not corrected yet": "地址尚未更正",
    "contact gone or no longer active": "聯絡人已刪除或不再有效",
    "already has the release": "已收到新聞稿",
    "not a valid email address": "不是有效的電郵地址",
    "Follow up the advance copy or the immediate release it follows.": (
        "請改為跟進原來的預發稿或即時發布稿。"
    ),
    "Only a send that went out can be followed up.": "只有已發出的發送才能跟進。",
    "No one to follow up: everyone it could go to is left out (see why).": (
        "沒有可跟進的對象：所有可發送的人都已剔除（見原因）。"
    ),
    # Leak report (distribution/leaks.py, admin_reports.py, send/leaks.html)
    "Leak report": "外洩報告",
    "Leak report: %(release)s": "外洩報告：%(release)s",
    "Leak report of the release": "這篇新聞稿的外洩報告",
    "Download this report (PDF)": "下載這份報告（PDF）",
    'Embargo until <span class="pr-hkt">%(embargo)s</span>.': (
        '禁發至 <span class="pr-hkt">%(embargo)s</span>。'
    ),
    "No embargo.": "沒有禁發時間。",
    "Every asset link names the recipient it was sent to. A recipient is listed here when their "
    "links were used from %(threshold)s or more networks, or an asset was fetched before the "
    "embargo by someone other than them or their mail gateway. A network is an office or home "
    "line (/24 for IPv4, /48 for IPv6); no address is stored. Their mail gateway scanning the "
    "message within %(window)s seconds of its arrival is left out.": (
        "每條附件連結都標明發送對象。如收件人的連結曾從 %(threshold)s 個或以上網絡使用，"
        "或在禁發時間前有收件人本人及其郵件閘道以外的人取用附件，該收件人便會列於此處。"
        "一個網絡即一條辦公室或住宅線路（IPv4 為 /24，IPv6 為 /48）；不會儲存任何 IP 地址。"
        "收件人的郵件閘道在電郵送達後 %(window)s 秒內的掃描不計算在內。"
    ),
    "send #%(send)s": "發送 #%(send)s",
    "Network": "網絡",
    "User agent": "瀏覽器資料",
    "network %(n)s": "網絡 %(n)s",
    "their mail gateway, on arrival": "其郵件閘道（送達時）",
    "a machine": "機器",
    "a person": "真人",
    "before": "之前",
    "after": "之後",
    "Nothing suspicious: no recipient's links were used from many networks or before the "
    "embargo by someone else.": (
        "沒有可疑情況：沒有收件人的連結曾從多個網絡使用，亦沒有其他人在禁發時間前使用。"
    ),
    "Times in %(zone)s. Highlighted: the visits that raised the flag.": (
        "時間以 %(zone)s 顯示。標示的是引起懷疑的瀏覽。"
    ),
    "Links used from %(count)d different networks.": "連結曾從 %(count)d 個不同網絡使用。",
    # Morning-after report (distribution/report.py, email/morning_after.*)
    "Morning-after report: %(headline)s": "翌日成效報告：%(headline)s",
    "For immediate release, sent %(started)s: the first %(hours)s hours.": (
        "即時發布，於 %(started)s 發出：首 %(hours)s 小時。"
    ),
    "From recipients to people": "由收件人到真人讀者",
    "Blue: first opens (%(opens)d). Amber: first clicks (%(clicks)d).": (
        "藍色：首次開啟（%(opens)d）。琥珀色：首次點擊（%(clicks)d）。"
    ),
    "Bounced or failed": "退回或失敗",
    "Top outlets": "主要傳媒機構",
    "%(opened)s of %(recipients)s opened, %(clicked)s clicked, downloads: %(downloads)s": (
        "%(recipients)s 位中 %(opened)s 位開啟，%(clicked)s 位點擊，下載：%(downloads)s"
    ),
    "people: %(people)s, downloads: %(clicks)s": "人數：%(people)s，下載：%(clicks)s",
    "Bounces to fix": "須處理的退回",
    "None: every address took the release.": "沒有：所有地址都收到新聞稿。",
    "Opened, clicked and downloads count people only. The charts are in the PDF attached.": (
        "開啟、點擊及下載只計算真人。圖表見附件 PDF。"
    ),
    "Open the results page": "打開成效頁面",
    "Results page:": "成效頁面：",
    # Release templates and boilerplate versions (branch i9c: pressroom/template_*.py,
    # release/from_template.html, release/approve.html)
    "boilerplate": "機構簡介",
    "boilerplates": "機構簡介",
    "boilerplate version": "機構簡介版本",
    "boilerplate versions": "機構簡介版本",
    "Leave empty for the issuer's current boilerplate.": "留空即使用發布機構目前的機構簡介。",
    "%(language)s boilerplate, version %(number)s": "%(language)s機構簡介，第 %(number)s 版",
    "Current text": "目前內容",
    "Saving a change adds a new version. Releases already written keep the version they pin; "
    "new releases take the newest.": (
        "儲存修改會新增一個版本。已撰寫的新聞稿會保留所指定的版本；新的新聞稿會採用最新版本。"
    ),
    "versions (newest first; a pinned one cannot be deleted)": (
        "版本（最新在前；已被新聞稿指定的版本不能刪除）"
    ),
    "created": "建立時間",
    "pinned by": "指定使用的新聞稿",
    "%(count)s release(s)": "%(count)s 篇新聞稿",
    "current version": "目前版本",
    "Saved as version %(number)s. Releases written with an earlier version keep it; choose the "
    "new one on a release to update it.": (
        "已儲存為第 %(number)s 版。以較早版本撰寫的新聞稿會保留原有版本；"
        "如要更新，請在新聞稿上選擇新版本。"
    ),
    "Write the boilerplate's text: it cannot be empty.": "請撰寫機構簡介的內容：不能留空。",
    "Version %(number)s cannot be deleted: %(count)s release(s) were written with it and keep "
    "its text (%(names)s%(more)s).": (
        "第 %(number)s 版不能刪除：有 %(count)s 篇新聞稿以此版本撰寫，並會保留其內容"
        "（%(names)s%(more)s）。"
    ),
    "That boilerplate version belongs to another issuer. Choose one of this release's issuer, "
    "or leave it empty for the current one.": (
        "這個機構簡介版本屬於另一個發布機構。請選擇這篇新聞稿的發布機構的版本，或留空以使用目前版本。"
    ),
    "That is the %(chosen)s boilerplate; this text is in %(language)s, and the issuer has a "
    "boilerplate in it. Choose one of its versions.": (
        "這是%(chosen)s機構簡介；這段內容是%(language)s，而發布機構有這種語言的機構簡介。"
        "請選擇該機構簡介的其中一個版本。"
    ),
    "This release is %(status)s, so it keeps the boilerplate it went out with. To change it, "
    "take the release back to draft first.": (
        "這篇新聞稿的狀態是「%(status)s」，因此會保留發出時的機構簡介。如要更改，請先將新聞稿退回草稿。"
    ),
    "Boilerplate written for this release": "為這篇新聞稿撰寫的機構簡介",
    "Boilerplate, version %(number)s": "機構簡介，第 %(number)s 版",
    "release template": "新聞稿範本",
    "release templates": "新聞稿範本",
    "What the template is for, e.g. “Award news”.": "範本的用途，例如「獎項消息」。",
    "default release type": "預設發布類型",
    "template text": "範本內容",
    "template texts (one per language)": "範本內容（每種語言一份）",
    "standard media enquiry contact": "標準傳媒查詢聯絡人",
    "standard media enquiry contacts": "標準傳媒查詢聯絡人",
    "use": "使用",
    "New release from this template": "以這個範本撰寫新聞稿",
    "New release from template": "以範本撰寫新聞稿",
    "No release template with ID “%(id)s”.": "沒有編號為「%(id)s」的新聞稿範本。",
    "Choose a template: the new release starts with its headline, sub-headline and body in each "
    "language, its release type and its media-enquiry contacts. Nothing is saved until you save "
    "the release.": (
        "請選擇範本：新的新聞稿會預先填上範本各語言的標題、副標題及內文，以及其發布類型和傳媒查詢聯絡人。"
        "儲存新聞稿之前，不會儲存任何內容。"
    ),
    "Issuer": "發布機構",
    "Template": "範本",
    "Release type": "發布類型",
    "Use this template": "使用這個範本",
    "There is no release template for the issuers you work for yet.": (
        "你負責的發布機構暫時未有新聞稿範本。"
    ),
    # Login throttling (branch ops: templates/registration/locked_out.html)
    "Too many failed logins": "登入失敗次數過多",
    "Logging in with this user name from here is paused after several wrong passwords. Wait a "
    "while and try again, or ask an administrator to reset your password.": (
        "由於多次輸入錯誤密碼，已暫停從此處以這個用戶名稱登入。請稍後再試，或請管理員重設你的密碼。"
    ),
    # A send's honest status (branch i15: distribution/services.py)
    "Stopped: %(reason)s. Every message would fail the same way, so no more were tried. Fix the "
    "sending configuration, then resume the send: the messages not sent yet go then, each once.": (
        "已停止：%(reason)s。每封電郵都會同樣失敗，因此沒有再嘗試發送。請修正發送設定，然後恢復發送："
        "尚未發出的電郵屆時會發出，每封一次。"
    ),
    "Every delivery failed. The reasons: %(reasons)s": "所有發送均告失敗。原因：%(reasons)s",
    "no reason given": "沒有說明原因",
    # Release intake (issue 17, item 1: pressroom/intake/)
    "“%(name)s” is protected with a password. Save a copy without the password and upload that.": (
        "「%(name)s」設有密碼保護。請另存一份沒有密碼的檔案再上載。"
    ),
    (
        "“%(name)s” could not be read: the file is damaged or is not what its name says. Save it "
        "again from the program that made it and upload that."
    ): (
        "無法讀取「%(name)s」：檔案已損壞，或與其名稱所示的格式不符。請用製作它的程式重新儲存後再上"
        "載。"
    ),
    "“%(name)s” is not a Word document (.docx), a PDF or a text file.": (
        "「%(name)s」不是 Word 文件（.docx）、PDF 或文字檔。"
    ),
    (
        "“%(name)s” is %(size)s MB; a release document can be at most %(limit)s MB. Upload it "
        "without the photos (link to them instead), or as a PDF."
    ): (
        "「%(name)s」有 %(size)s MB；新聞稿文件最大為 %(limit)s MB。請移除相片（改用連結）或以 PDF "
        "上載。"
    ),
    (
        "“%(name)s” is a Word file with macros, which Pressroom does not open. Save it as a Word "
        "document (.docx) without macros and upload that."
    ): (
        "「%(name)s」是含巨集的 Word 檔案，Pressroom 不會開啟。請另存為不含巨集的 Word 文件（.docx"
        "）再上載。"
    ),
    "“%(name)s” is an old Word (.doc) file. Save it as a Word document (.docx) and upload that.": (
        "「%(name)s」是舊式 Word（.doc）檔案。請另存為 Word 文件（.docx）再上載。"
    ),
    "There is no text to read in “%(name)s”.": "「%(name)s」沒有可讀取的文字。",
    (
        "“%(name)s” holds pictures of pages, not text (a scan, or text turned into outlines). "
        "Upload the Word file it was made from, or paste the text."
    ): (
        "「%(name)s」載有頁面的圖像而非文字（掃描檔，或文字已轉為外框）。請上載原本的 Word 檔案，或"
        "貼上文字。"
    ),
    "Word or PDF file(s)": "Word 或 PDF 檔案",
    (
        "One file, or two: the Chinese and the English version. One file may hold both versions, "
        "one after the other."
    ): ("一個或兩個檔案：中文版和英文版。一個檔案亦可先後載有兩個版本。"),
    "…or paste the release": "…或貼上新聞稿",
    "Slug (the newsroom address)": "網址代稱（新聞室地址）",
    "e.g. 2026-09-01 10:00": "例如 2026-09-01 10:00",
    "Upload a Word or PDF file, or paste the release's text.": (
        "請上載 Word 或 PDF 檔案，或貼上新聞稿的文字。"
    ),
    "Give at most two documents: the Chinese and the English version.": (
        "最多提供兩份文件：中文版和英文版。"
    ),
    "Write the time as 2026-09-01 10:00 (HKT).": (
        "請以 2026-09-01 10:00（香港時間）的格式填寫時間。"
    ),
    "The datelines give different dates: make them agree.": (
        "兩個發稿地點及日期的日期不同：請統一。"
    ),
    "As written: place and date, e.g. 香港，2025 年 9 月 1 日": (
        "照原文：地點及日期，例如 香港，2025 年 9 月 1 日"
    ),
    "About (as in the document)": "機構簡介（照文件原文）",
    "About block": "機構簡介",
    "Choose the organisation.": "請選擇機構。",
    "Give the name.": "請填寫姓名。",
    "Give the email address.": "請填寫電郵地址。",
    "Give the link, or leave the asset out.": "請提供連結，或不保留這項素材。",
    "Headline (%(language)s)": "標題（%(language)s）",
    "Sub-headline (%(language)s)": "副標題（%(language)s）",
    "Dateline (%(language)s)": "發稿地點及日期（%(language)s）",
    "Body (%(language)s)": "正文（%(language)s）",
    "Write the place and the date, e.g. 香港，2025 年 9 月 1 日 or Hong Kong, 1 September 2025.": (
        "請填寫地點及日期，例如 香港，2025 年 9 月 1 日 或 Hong Kong, 1 September 2025。"
    ),
    "Keep the issuer's current boilerplate": "保留發稿機構現行的機構簡介",
    "Use the document's wording for this release only": "只在這篇新聞稿使用文件的字眼",
    "Make the document's wording the issuer's new version": "把文件的字眼定為發稿機構的新版本",
    "size": "大小",
    "source document": "原始文件",
    "source documents": "原始文件",
    "uploaded by": "上載者",
    "No dateline (place and date) was found: check the release date below.": (
        "找不到發稿地點及日期：請檢查下面的發布日期。"
    ),
    "Photo caption": "相片說明",
    "Repeated quote": "重複的引言",
    "Repeated paragraph": "重複的段落",
    "The email address had a space in it (“%(written)s”); it was taken out: check it.": (
        "電郵地址中有空格（「%(written)s」），已刪去：請核對。"
    ),
    "No link was found for “%(caption)s”: add it, or leave the asset out.": (
        "找不到「%(caption)s」的連結：請補上，或不保留這項素材。"
    ),
    "“%(written)s” is not a valid email address: correct it.": (
        "「%(written)s」不是有效的電郵地址：請更正。"
    ),
    "The embargo line gives no time Pressroom could read: set it below.": (
        "禁發時間一行沒有 Pressroom 能讀取的時間：請在下面設定。"
    ),
    "Only those who may change the issuer's boilerplate can add a version of it.": (
        "只有可修改發稿機構簡介的人才可新增版本。"
    ),
    "That PR contact is not one you can name.": "你不能列出這位公關聯絡人。",
    "Only those who may add PR contacts can add %(name)s: leave them out or ask a colleague.": (
        "只有可新增公關聯絡人的人才可加入 %(name)s：請不要列出，或請同事處理。"
    ),
    "Choose the organisation of %(name)s.": "請選擇 %(name)s 所屬的機構。",
    "New release from a document": "由文件建立新聞稿",
    "New release from a document: check the proposal": "由文件建立新聞稿：核對建議內容",
    (
        "Both documents are in %(language)s. Give one Chinese and one English version, or one file "
        "holding both."
    ): ("兩份文件都是%(language)s。請提供一份中文版和一份英文版，或一個載有兩個版本的檔案。"),
    "No such file.": "沒有這個檔案。",
    "This proposal has expired or is not yours: upload the document again.": (
        "這份建議已過期或不屬於你：請重新上載文件。"
    ),
    "The uploaded file is gone: upload the document again.": "已上載的檔案不見了：請重新上載文件。",
    "Draft saved from %(names)s. Check it, then submit it for review.": (
        "已由 %(names)s 儲存草稿。請核對後提交審批。"
    ),
    "Proposal": "建議內容",
    "Issuer: %(issuer)s. Nothing is saved until you press “Save draft”.": (
        "發稿機構：%(issuer)s。按「儲存草稿」前不會儲存任何內容。"
    ),
    "Source": "原文",
    "Labels": "標示",
    "Recognised and left out of the body": "已辨認並不放入正文",
    "The same as the issuer's current boilerplate (version %(number)s): the release pins it.": (
        "與發稿機構現行的機構簡介（第 %(number)s 版）相同：新聞稿會採用此版本。"
    ),
    (
        "Different from the issuer's current boilerplate (version %(number)s): struck through is "
        "the current wording, marked the document's."
    ): ("與發稿機構現行的機構簡介（第 %(number)s 版）不同：刪除線為現行字眼，標示的是文件的字眼。"),
    "The issuer has no boilerplate in this language yet.": "發稿機構尚未有這個語言的機構簡介。",
    "Keep": "保留",
    "Caption (English)": "說明（英文）",
    "Caption (Chinese)": "說明（中文）",
    "Link": "連結",
    "Name in the release": "新聞稿列出的人",
    "Matches the PR contact %(name)s (%(organisation)s).": (
        "與公關聯絡人 %(name)s（%(organisation)s）相符。"
    ),
    "A new PR contact:": "新的公關聯絡人：",
    "You may not add PR contacts: leave this one out, or ask a colleague to add it first.": (
        "你不能新增公關聯絡人：請不要列出此人，或請同事先行新增。"
    ),
    "Title (English)": "職銜（英文）",
    "Title (Chinese)": "職銜（中文）",
    "Save draft": "儲存草稿",
    (
        "Upload the release as the agency sent it (a Word .docx or a PDF), in Chinese, English or "
        "both, or paste its text. Pressroom proposes the release beside the document; you correct "
        "it and save a draft. The original file is kept with the release."
    ): (
        "上載公關公司提供的新聞稿（Word .docx 或 PDF），中文、英文或兩者皆可，或貼上文字。"
        "Pressroom 會在文件旁邊列出建議內容，由你更正後儲存草稿。原始檔案會與新聞稿一併保存。"
    ),
    "Read the document": "讀取文件",
    "Source documents": "原始文件",
    (
        "The file(s) this release was made from, as uploaded. They download; they are never shown "
        "on the newsroom."
    ): ("建立這篇新聞稿所用的原始檔案。只供下載，絕不會在新聞室顯示。"),
    "Assets": "素材",
    "Media enquiries": "傳媒查詢",
    "Organisation": "機構",
    "Please correct the errors below.": "請更正以下錯誤。",
}

PLURALS: dict[tuple[str, str], str] = {
    (
        "The check found %(counter)s difference between the English and the Chinese. Marked: "
        "what only one side has.",
        "The check found %(counter)s differences between the English and the Chinese. Marked: "
        "what only one side has.",
    ): "檢查發現英文版與中文版有 %(counter)s 處差異。標示的是只有一方才有的內容。",
    (
        "%(counter)s suppression lifted: later sends reach it again.",
        "%(counter)s suppressions lifted: later sends reach them again.",
    ): "已解除 %(counter)s 個停發地址：之後的發送會再寄給他們。",
    ("%(counter)s day", "%(counter)s days"): "%(counter)s 日",
    (
        "%(counter)s address is not valid and will be recorded as failed: correct the media "
        "contact and send again.",
        "%(counter)s addresses are not valid and will be recorded as failed: correct the media "
        "contact and send again.",
    ): "%(counter)s 個地址無效，會記錄為失敗：請更正傳媒聯絡人後再發送。",
    (
        "<strong>%(counter)s</strong> contact now:",
        "<strong>%(counter)s</strong> contacts now:",
    ): "目前共 <strong>%(counter)s</strong> 位聯絡人：",
    ("%(counter)s static member", "%(counter)s static members"): "%(counter)s 位固定成員",
    (
        "<strong>%(counter)s</strong> static member; no saved rule.",
        "<strong>%(counter)s</strong> static members; no saved rule.",
    ): "<strong>%(counter)s</strong> 位固定成員；沒有已儲存的規則。",
    (
        "<strong>%(counter)s</strong> static member; no rule.",
        "<strong>%(counter)s</strong> static members; no rule.",
    ): "<strong>%(counter)s</strong> 位固定成員；沒有規則。",
    ("%(counter)s row read", "%(counter)s rows read"): "已讀取 %(counter)s 行",
    ("%(counter)s blank line skipped", "%(counter)s blank lines skipped"): (
        "略過 %(counter)s 個空行"
    ),
    ("invalid row", "invalid rows"): "無效的行",
    ("invalid row not imported", "invalid rows not imported"): "無效的行未有匯入",
    (
        "The %(counter)s valid row is imported in one transaction",
        "The %(counter)s valid rows are imported in one transaction",
    ): "%(counter)s 個有效的行會一次過匯入",
    (
        "the %(counter)s invalid row below is left out",
        "the %(counter)s invalid rows below are left out",
    ): "下列 %(counter)s 個無效的行不會匯入",
    (
        "Duplicates in the file (%(counter)s row merged)",
        "Duplicates in the file (%(counter)s rows merged)",
    ): "檔案中的重複項目（合併了 %(counter)s 行）",
    (
        "Add %(counter)s selected contact to a distribution list:",
        "Add %(counter)s selected contacts to a distribution list:",
    ): "將所選的 %(counter)s 位聯絡人加入發送名單：",
    (
        "Remove %(counter)s selected contact from the static members of a distribution list:",
        "Remove %(counter)s selected contacts from the static members of a distribution list:",
    ): "將所選的 %(counter)s 位聯絡人從發送名單的固定成員中移除：",
    ("%(counter)s message", "%(counter)s messages"): "%(counter)s 封電郵",
    (
        "%(count)d visit before the embargo, not by the recipient or their mail gateway.",
        "%(count)d visits before the embargo, not by the recipient or their mail gateway.",
    ): "禁發時間前有 %(count)d 次瀏覽，並非來自收件人或其郵件閘道。",
    (
        "…and %(count)s more on the results page.",
        "…and %(count)s more on the results page.",
    ): "…另有 %(count)s 個，見成效頁面。",
    ("Sent, %(count)s failed", "Sent, %(count)s failed"): "已發送，%(count)s 封失敗",
    (
        "%(failed)s of %(total)s deliveries failed. The reasons: %(reasons)s",
        "%(failed)s of %(total)s deliveries failed. The reasons: %(reasons)s",
    ): "%(total)s 封中有 %(failed)s 封發送失敗。原因：%(reasons)s",
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

"""The parser's rules that are lists of words: who is being assigned, what is no duty, what is
a target rather than a deadline. A new construction is a line here and a test in
``tests/test_parser_rules.py`` — not a new branch in the code that reads them
(``duties.analyse_clause``, ``deadlines``). Words are in lower case, tone marks in the
traditional place ("hòa", "thủy"), as ``agencies.tokenize`` gives them (``test_tone_marks``).

Each phrase is a string of words separated by spaces; ``words(phrase)`` gives the tuple the
readers compare token by token.
"""

from __future__ import annotations

from functools import cache


@cache
def words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.split())


def phrases(items: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The phrases as word tuples, longest first (so that "giao nhiệm vụ cho" wins over "giao")."""
    return tuple(sorted((words(p) for p in items), key=len, reverse=True))


# A clause opening with one of these assigns the agencies named after it: "Giao Sở X chủ trì,
# phối hợp với Y …", "Đề nghị Sở X …", "Yêu cầu Thủ trưởng các sở …" (the author tells them).
# Value: the cue recorded on the clause.
ASSIGNING_OPENERS: dict[str, str] = {
    "giao": "giao",
    "giao cho": "giao",
    "giao nhiệm vụ cho": "giao",
    "phân công": "giao",
    "phân công cho": "giao",
    "đề nghị": "de_nghi",
    "yêu cầu": "de_nghi",
    "đề nghị và yêu cầu": "de_nghi",
    "chỉ đạo": "de_nghi",
    "ủy quyền cho": "giao",
    "ủy quyền": "giao",
    "quyết nghị": "giao",  # "Chính phủ quyết nghị Bộ Nông nghiệp … chủ trì, …" (a resolution's verb)
}

# After the agencies an opener names: the words that say they lead ("Giao Sở X chủ trì …").
LEAD_WORDS: tuple[str, ...] = (
    "chủ trì",
    "làm đầu mối",
    "là đầu mối",
    "là cơ quan chủ trì",
    "là cơ quan thường trực",
    "làm cơ quan thường trực",
    "là cơ quan đầu mối",
)

# Words between an agency and its role word that do not change the role: "Sở Y tế chủ động
# phối hợp với …" (coordinates), "giao Sở Tài chính tiếp tục chủ trì …" (leads). ("X có trách
# nhiệm phối hợp với Y" coordinates too: ``duties._skip_modals``; "X có trách nhiệm phối hợp cùng
# …" is left out: the corpus reads it as X's own duty.) "Phối hợp" with no
# partner named ("các sở, ngành chủ động phối hợp thực hiện …") is working together: they lead.
MODAL_WORDS: tuple[str, ...] = (
    "chủ động",
    "tiếp tục",
    "tích cực",
    "khẩn trương",
    "kịp thời",
    "thường xuyên",
    "cần",
    "phải",
    "cần phải",
    # when, before the role: "giao Sở Thông tin và Truyền thông: Hằng năm chủ trì, phối hợp với …"
    "hằng năm",
    "hàng năm",
    "hằng quý",
    "hàng quý",
    "định kỳ",
)

# Labels of a role followed by a colon and the agencies: "Cơ quan chủ trì: Sở Nội vụ",
# "Đơn vị phối hợp: …", "Trách nhiệm thực hiện: UBND các huyện". Value: the role. A label
# valued "clause" only introduces what follows ("Tổ chức thực hiện: Sở Tài chính chủ trì; …").
ROLE_LABELS: dict[str, str] = {
    "chủ trì": "lead",
    "cơ quan chủ trì": "lead",
    "đơn vị chủ trì": "lead",
    "cơ quan chủ trì thực hiện": "lead",
    "đơn vị chủ trì thực hiện": "lead",
    "cơ quan thực hiện": "lead",
    "đơn vị thực hiện": "lead",
    "trách nhiệm thực hiện": "lead",
    "trách nhiệm chỉ đạo thực hiện": "lead",  # a party programme: the committees that see to it
    "cơ quan thường trực": "lead",
    "phối hợp": "coordinate",
    "cơ quan phối hợp": "coordinate",
    "đơn vị phối hợp": "coordinate",
    "cơ quan phối hợp thực hiện": "coordinate",
    "đơn vị phối hợp thực hiện": "coordinate",
    "tổ chức thực hiện": "clause",
    "phân công thực hiện": "clause",
    "phân công nhiệm vụ": "clause",
}

# "X được giao (nhiệm vụ) chủ trì …": X is the one assigned. An agent may stand between
# ("X được Ủy ban nhân dân tỉnh giao …"): ``PASSIVE_WITH_AGENT`` ends such a phrase.
PASSIVE_ASSIGNED: tuple[str, ...] = (
    "được giao nhiệm vụ",
    "được giao",
    "được phân công",
    "được ủy quyền",
)
PASSIVE_WITH_AGENT: tuple[str, ...] = ("giao nhiệm vụ", "giao", "phân công", "ủy quyền")

# A subject followed by one of these is no duty: what it did or said, a meeting it chaired.
NOT_DUTY_AFTER_SUBJECT: tuple[str, ...] = (
    "đã",
    "đang",
    "vừa",
    "hiện đã",  # "Sở KH&CN hiện đã hoàn thành việc xây dựng dự thảo …"
    "hiện đang",
    # what a body has not done yet: "Cục Đăng kiểm Việt Nam cũng chưa ban hành văn bản hướng dẫn"
    "chưa",
    "cũng chưa",
    "vẫn chưa",
    "ban hành",
    "trình bày",
    "phát biểu",
    "cho biết",
    "lưu ý ,",  # "Phó Chủ tịch UBND tỉnh lưu ý, việc chọn lựa …": what the leader said
    "chỉ đạo :",  # "… Bí thư Tỉnh ủy chỉ đạo:": the speaker; the directions follow
    "nhấn mạnh",
    "có ý kiến",
    "nêu",
    "chủ trì cuộc họp",
    "dự và chủ trì",  # "… Chủ tịch UBND huyện dự và chủ trì hội nghị"
    "chủ trì hội nghị",
    "chủ trì buổi làm việc",
    "chủ trì buổi họp",
    "chủ trì phiên họp",  # "Chủ tịch UBND tỉnh Nguyễn Đăng Bình chủ trì phiên họp."
    "chủ trì cuộc làm việc",
    "chủ trì kỳ họp",
    "báo cáo tại cuộc họp",
    "báo cáo tại hội nghị",
    "báo cáo kết quả tại",
    "dự họp",
    "tham dự",
    "kết luận",
    "thống nhất",
    "tán thành",  # "Hội đồng nhân dân tỉnh tán thành Báo cáo …": what a council resolves
    "đánh giá cao",
    "ghi nhận",
    "biểu dương",
    "hoan nghênh",
    "rất hoan nghênh",
    "nhận được",
    "xin chuyển",
    "xin gửi",
    "xin thông báo",
    "thông báo",
    "trân trọng thông báo",  # "Văn phòng Chính phủ (xin) trân trọng thông báo./.": a notice's closing
    "xin trân trọng thông báo",
    "trả lời",  # "Bộ Tài chính trả lời Công ty để biết./.": a reply's closing, what the author does
    "truyền đạt",  # "Văn phòng UBND tỉnh truyền đạt ý kiến của …": the Office conveys, is not assigned
    # what a body may do or what becomes of it: "Đoàn kiểm tra được sử dụng con dấu …", "… tự
    # giải thể sau khi hoàn thành nhiệm vụ"
    "được sử dụng",
    "được quyền",
    "được phép",
    "tự giải thể",
    "tự chấm dứt hoạt động",
    # what a body is (a regulation of its functions): "Sở Tư pháp là cơ quan chuyên môn thuộc …;
    # thực hiện chức năng tham mưu …", "… có tư cách pháp nhân, có con dấu …; chịu sự chỉ đạo …"
    "là cơ quan chuyên môn",
    "là đơn vị sự nghiệp",
    "có tư cách pháp nhân",
    "chịu sự chỉ đạo",
    # "Các cơ quan, đơn vị sau đây chịu trách nhiệm …:" announces the list that follows; the
    # agencies named in it are the ones assigned.
    "sau đây",
    "dưới đây",
    "gồm",  # "Ban điều hành gồm có Ông …": who the body is made of
)

# After "do X" (X the agent of a passive: "Kinh phí do Sở Tài chính bố trí" — X does it), the
# words that make it no duty: what X issued or approved, or a cause ("do Sở X chậm trễ").
AGENT_NOT_DUTY: tuple[str, ...] = (
    "ban hành",
    "phê duyệt",
    "bầu",  # "người giữ chức vụ do Quốc hội, Hội đồng nhân dân bầu hoặc phê chuẩn"
    "phê chuẩn",
    "ký",
    "quy định",
    "cấp",
    "công bố",
    "chậm",
    "chưa",
    "không",
    "thiếu",
    "quản lý",
    "làm chủ đầu tư",
    "là chủ đầu tư",
)

# Beginnings of a predicate that are duties although a phrase of ``NOT_DUTY_AFTER_SUBJECT``
# starts them: "Sở Tư pháp có ý kiến thẩm định bằng văn bản trước ngày …" (to give), not "có ý
# kiến tại cuộc họp" (what it said).
DUTY_AFTER_SUBJECT: tuple[str, ...] = (
    "có ý kiến bằng văn bản",
    "có ý kiến thẩm định",
    "có ý kiến tham gia",
    "có ý kiến góp ý",
    "có ý kiến gửi",
    # "Sở Tư pháp trả lời bằng văn bản trước ngày …", "UBND huyện trả lời kiến nghị của cử tri"
    "trả lời bằng văn bản",
    "trả lời kiến nghị",
    "trả lời cử tri",
    "trả lời công dân",
    "trả lời phản ánh",
    "nêu cao",  # "Các sở, ngành nêu cao trách nhiệm người đứng đầu …" (not "nêu": said)
)

# Words before the agencies that head an item of the organisation part: "2. Đề nghị Ủy ban Mặt
# trận Tổ quốc Việt Nam tỉnh", "1. Trách nhiệm của Sở Y tế", "3. Đối với UBND các huyện".
# ("1. Yêu cầu Sở Y tế và Sở Nội vụ:" over a list of actions is a lead-in: ``parts._list_lead_in``.)
HEADING_PREFIXES: tuple[str, ...] = (
    "đề nghị",
    "giao",
    "trách nhiệm của",
    "nhiệm vụ của",
    "nhiệm vụ và quyền hạn của",
    "nhiệm vụ, quyền hạn của",
    "trách nhiệm và quyền hạn của",
    "đối với",
    # without "của": "Điều 16. Trách nhiệm Sở Công Thương" over its clauses
    "trách nhiệm",
    "nhiệm vụ",
    "nội dung",  # "Điều 5. Nội dung Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì"
)

# Words after the agencies that head an item, before its colon: "1. Cục Biến đổi khí hậu có
# trách nhiệm:" over the duties listed under it.
HEADING_SUFFIXES: tuple[str, ...] = (
    "có trách nhiệm",
    "có trách nhiệm chủ trì",
    "chịu trách nhiệm",
    "có nhiệm vụ",
    "có trách nhiệm thực hiện các nhiệm vụ sau",
    "có trách nhiệm thực hiện các nội dung sau",
    "thực hiện các nhiệm vụ sau",
    "thực hiện các nội dung sau",
    "thực hiện một số nhiệm vụ sau",
    "có trách nhiệm chủ trì thực hiện các nhiệm vụ sau",
)

# Headings of items whose agencies are named for another reason than a duty: in whose name an
# event is held, who attends. Nothing under them is assigned.
NOT_ASSIGNING_HEADINGS: tuple[str, ...] = (
    "danh nghĩa tổ chức",
    "thành phần tham dự",
    "thành phần tham gia",
    "thành phần mời",
    "thành phần",
    "khách mời",
    # a regulation's opening articles: whom it applies to, what its words mean ("Điều 1. Phạm vi
    # điều chỉnh và đối tượng áp dụng … 2. Đối tượng áp dụng: a) Các sở, ban, ngành; …")
    "phạm vi điều chỉnh",
    "đối tượng áp dụng",
    "giải thích từ ngữ",
    # a regulation of a body's functions: what it is ("Điều 1. Vị trí và chức năng"), its duties
    # in their own article (its organisation's article may still task its director)
    "vị trí và chức năng",
    "vị trí, chức năng",
    # an appendix of figures: what was done, by whom ("Phụ lục II. KẾT QUẢ CUNG CẤP DỊCH VỤ CÔNG
    # TRỰC TUYẾN …" over rows "1. Bộ Tư pháp | 70 | …")
    "kết quả",
    "tổng hợp kết quả",
)

# Opening words of a sentence that tells what happened, not what is to be done ("Sau khi nghe
# Sở X báo cáo, …", "Tham dự cuộc họp có …"): nothing in it is a duty.
NARRATIVE_OPENERS: tuple[str, ...] = (
    "sau khi nghe",
    "sau khi nghe báo cáo",
    "tham dự",
    "tham dự cuộc họp có",
    "cùng dự",
    "dự họp",
    "tại cuộc họp",
    "tại phiên họp",
    "tại hội nghị",
    "tại buổi làm việc",
    "ngày",
)

# Words before a year that make it a target, not a deadline: "phấn đấu đến năm 2030 …",
# "mục tiêu trong năm 2025 đạt …".
TARGET_WORDS: tuple[str, ...] = (
    "phấn đấu",
    "mục tiêu",
    "định hướng",
    "tầm nhìn",
    "đạt",
    "tăng",
    "giảm",
    "tỷ lệ",
)

# Labels before an item's time, printed on a line of their own or after its duty: "Thời gian
# hoàn thành: Quý IV/2025", "Thời hạn: tháng 12/2025". What follows the colon is read as a
# table's time cell (no "trước" / "trong" needed); the time is the deadline of the item's duties.
DEADLINE_LABELS: tuple[str, ...] = (
    "thời gian hoàn thành",
    "thời hạn hoàn thành",
    "thời gian thực hiện",
    "thời hạn thực hiện",
    "thời gian",
    "thời hạn",
    "tiến độ hoàn thành",
    "tiến độ thực hiện",
    "tiến độ",
)

# Words just before a time that make it a property of what is talked about, not the clause's
# deadline: "rà soát các nhiệm vụ … có thời hạn hoàn thành trong năm 2025" (the tasks reviewed
# are due in 2025; the review itself has no deadline).
DESCRIBED_TIME_CUES: tuple[str, ...] = (
    "có thời hạn",
    "có thời gian",
    "có thời hạn hoàn thành",
    "có thời gian hoàn thành",
)

# The words before a cited document that say how the text relates to it; the nearest one
# before the citation in its sentence counts. None: the document is not implemented (a
# replaced decision); "cited": named in passing. Documents with no cue in a heading, title or
# preamble are implemented ("Thực hiện Kế hoạch số …"); in the body they are only cited.
CITATION_CUES: dict[str, str | None] = {
    "căn cứ": "based_on",
    "theo đề nghị": "proposal",
    "xét đề nghị": "proposal",
    "xét tờ trình": "proposal",
    "theo tờ trình": "proposal",
    "xét báo cáo": "proposal",
    "thay thế": None,
    "bãi bỏ": None,
    "chuyển đến": None,  # "… xin chuyển đến quý Bộ công văn số …": forwarded, not carried out
    "sau thời gian thực hiện": None,
    # what a report is asked about: "báo cáo tình hình, kết quả thực hiện Quyết định số …"
    "tình hình thực hiện": None,
    "kết quả thực hiện": None,
    "tình hình triển khai": None,
    "kết quả triển khai": None,
    # what a council monitors or examines: "Giám sát việc thực hiện …", "Xem xét báo cáo … thực hiện …"
    "giám sát việc thực hiện": None,
    "giám sát việc triển khai": None,
    "xem xét báo cáo": "proposal",  # what was done before ("Sau thời gian thực hiện … theo Chỉ thị …")
    "thực hiện": "implements",
    "triển khai": "implements",
    "nhận được": "implements",
    "cụ thể hóa": "implements",
    "chỉ đạo tại": "implements",  # "kiểm tra nội dung chỉ đạo tại Mục 9 Công văn số …"
    # a rule of law the text refers to: cited, not carried out
    "theo quy định": "cited",
    "quy định tại": "cited",
}

# A letter asks its addressees ("Kính gửi: …") by "Quý cơ quan", "quý Bộ", "Quý đơn vị" after
# one of these: "đề nghị Quý cơ quan …", "để quý Bộ xem xét …".
ADDRESSING_CUES: tuple[str, ...] = ("đề nghị", "yêu cầu", "để", "giao", "mong", "kính đề nghị", "gửi đến")

# What an agency is asked for when it is only to report: "đề nghị các sở … cung cấp thông tin
# về …", "(có trách nhiệm) báo cáo …". The agencies get role "report".
REPORTING_VERBS: tuple[str, ...] = (
    "báo cáo",
    "cung cấp thông tin",
    "cung cấp số liệu",
    "gửi báo cáo",
    "nộp báo cáo",
    "gửi thông tin",
    "gửi số liệu",
)

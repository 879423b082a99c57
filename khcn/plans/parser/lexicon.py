"""Word lists of Vietnamese administrative writing that the rules use.

Nothing here is about one plan or one province: document types and their abbreviations
(Decree 30/2020/NĐ-CP, Appendix III), the head words of agency names, locality words, the
designations of provincial departments in the national lists (Decree 24/2014/NĐ-CP as amended
by 107/2020/NĐ-CP, and 45/2025/NĐ-CP), the small words that end a name, and cue words.

Words are in lower case with the tone mark in the traditional place ("hòa", "thủy"), the form
the rules compare tokens in (``khcn.core.text.normalize_tones``; a test checks every list).

``SO_DESIGNATIONS`` only helps to split abbreviated lists ("các Sở: Tài chính, Kế hoạch và
Đầu tư, Nội vụ") and to settle a name's end; names not in it are found by the grammar in
``agencies.py`` all the same (a test parses the seed with this list emptied).
"""

from __future__ import annotations

from khcn.core.text import STOP_WORDS

# Document types: printed title word (upper case) → type as written in running text.
DOC_TYPES: dict[str, str] = {
    "KẾ HOẠCH": "Kế hoạch",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình hành động",  # a party committee's ("104-CTr/TU")
    "CHƯƠNG TRÌNH": "Chương trình",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết",
    "KẾT LUẬN": "Kết luận",
    "THÔNG BÁO": "Thông báo",
    "HƯỚNG DẪN": "Hướng dẫn",
    "ĐỀ ÁN": "Đề án",
    "DỰ ÁN": "Dự án",
    "PHƯƠNG ÁN": "Phương án",
    "BÁO CÁO": "Báo cáo",
    "TỜ TRÌNH": "Tờ trình",
    "CÔNG VĂN": "Công văn",
    "CÔNG ĐIỆN": "Công điện",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "CHIẾN LƯỢC": "Chiến lược",
    "GIẤY PHÉP": "Giấy phép",  # a licence that sets its holder's duties ("2507/GP-UBND")
}

# Abbreviations in document symbols ("177/KH-UBND", "50-KL/TW") → document type.
SYMBOL_TYPES: dict[str, str] = {
    "KH": "Kế hoạch",
    "GP": "Giấy phép",
    "CTR": "Chương trình",
    "CTRHĐ": "Chương trình hành động",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "KL": "Kết luận",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "TTR": "Tờ trình",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "QH": "Luật",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
}

# The issuing body of a central document, by the code after its kind in the symbol
# ("408/TB-VPCP", "419/QĐ-TTg", "88/NQ-CP"): a copy that gives the number and not the issuer.
SYMBOL_ISSUERS: dict[str, str] = {
    "TTG": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BXD": "Bộ Xây dựng",
    "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTP": "Bộ Tư pháp",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BGTVT": "Bộ Giao thông vận tải",
    # a provincial department's own symbol ("1463/TB-SKHCN"); the province is the text's
    "SKHCN": "Sở Khoa học và Công nghệ",
    "SNV": "Sở Nội vụ",
    "STC": "Sở Tài chính",
    "SYT": "Sở Y tế",
    "SXD": "Sở Xây dựng",
    "SCT": "Sở Công Thương",
    "STP": "Sở Tư pháp",
    "STNMT": "Sở Tài nguyên và Môi trường",
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "SNNPTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
    "SLĐTBXH": "Sở Lao động - Thương binh và Xã hội",
    "SGTVT": "Sở Giao thông vận tải",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SKHĐT": "Sở Kế hoạch và Đầu tư",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
}

# Words of a citation that name a document's kind ("Nghị quyết số 20-NQ/TW").
CITED_KINDS: tuple[str, ...] = (
    "chương trình hành động",
    "kế hoạch",
    "chương trình",
    "quyết định",
    "chỉ thị",
    "nghị quyết",
    "kết luận",
    "thông báo",
    "hướng dẫn",
    "đề án",
    "công văn",
    "công điện",
    "nghị định",
    "thông tư liên tịch",
    "thông tư",
    "luật",
    "pháp lệnh",
    "văn bản",
    "quy chế",
    "quy định",
)

# Lines of the national heading and of the Party heading: not the issuer.
MOTTO_FOLDED: tuple[str, ...] = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "doc lap tu do hanh phuc",
    "dang cong san viet nam",
)

# Short forms written out in an issuer's name (the facts give the issuer in full: "Sở NN&PTNT"
# → "Sở Nông nghiệp và Phát triển nông thôn"), longest first; compared folded when a name is
# matched to the issuer.
WRITTEN_OUT: tuple[tuple[str, str], ...] = (
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TP. HCM", "Thành phố Hồ Chí Minh"),
    ("TP HCM", "Thành phố Hồ Chí Minh"),
    ("TPHCM", "Thành phố Hồ Chí Minh"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN và PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("PTNT", "Phát triển nông thôn"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("GTVT", "Giao thông vận tải"),
    ("ATTP", "an toàn thực phẩm"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("TP", "thành phố"),
)

# Heads of agency names, folded, with what must follow:
#   "locality": a locality word ("tỉnh", "các huyện, thành phố") or a place name;
#   "designation": a capitalised designation ("Sở Tài chính", "Ban Quản lý Khu kinh tế");
#   "either": one or the other;
#   "seat": "ở", then the body it sits in, with its title ("Tổ đảng ở Thường trực Ủy ban …");
#   "words": the words of its field, in lower case as often as not, up to its locality
#   ("Ban chỉ đạo cải cách hành chính tỉnh", "Ban Chỉ đạo phòng chống thiên tai huyện").
AGENCY_HEADS: dict[tuple[str, ...], str] = {
    ("ban", "chi", "dao"): "words",
    ("ban", "dieu", "hanh"): "words",  # "Ban điều hành (chương trình) khởi nghiệp tỉnh"
    ("ban", "to", "chuc"): "words",  # "Ban tổ chức (Hội thi …)"
    ("ban", "chi", "huy"): "words",  # "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh"
    # a management board named by the zones it runs, "các" inside its name: "Ban Quản lý các khu công
    # nghệ cao và khu công nghiệp thành phố Hà Nội", "Ban Quản lý các khu công nghiệp tỉnh"
    ("ban", "quan", "ly", "cac", "khu"): "zones",
    # unions named by their members, "các" inside the name: one body ("Liên hiệp các hội Khoa học và
    # Kỹ thuật tỉnh", "Liên hiệp các tổ chức hữu nghị tỉnh")
    ("lien", "hiep", "cac", "hoi"): "one",
    ("lien", "hiep", "cac", "to", "chuc"): "one",
    # "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội biên phòng tỉnh": the provincial commands
    ("bo", "chi", "huy"): "words",
    # bodies named without a head word of their own: "Bưu điện tỉnh", "Điện lực Cà Mau", "Bệnh
    # viện Đa khoa tỉnh"
    ("buu", "dien"): "either",
    ("cong", "thong", "tin", "dien", "tu"): "either",  # "Cổng thông tin điện tử thành phố", a portal's board
    ("dien", "luc"): "either",
    ("thong", "tan", "xa"): "either",  # "Thông tấn xã Việt Nam", the national news agency
    # the province's paper, radio and television merged in 2025: "Báo và Phát thanh, Truyền hình tỉnh"
    ("bao", "va", "phat", "thanh", ",", "truyen", "hinh"): "either",
    ("bao", "va", "phat", "thanh", "truyen", "hinh"): "either",
    ("benh", "vien"): "designation",
    # "Văn phòng điều phối (chương trình) xây dựng nông thôn mới tỉnh", in words of either case
    ("van", "phong", "dieu", "phoi"): "words",
    # bodies set up for a task, named in words of either case: "Đoàn kiểm tra", "Tổ công tác
    # liên ngành", "Hội đồng thẩm định", "Hội đồng Khoa học và Công nghệ tỉnh"
    ("doan", "kiem", "tra"): "words",
    ("to", "cong", "tac"): "words",
    ("to", "kiem", "tra"): "words",  # "Tổ kiểm tra việc thực thi công vụ trong phòng, chống dịch …"
    ("to", "giup", "viec"): "words",
    ("to", "thu", "ky"): "words",  # "Tổ thư ký (giúp việc cho Ban Chỉ đạo …)"
    ("hoi", "dong"): "words",
    ("uy", "ban", "nhan", "dan"): "locality",
    ("ubnd",): "locality",
    ("hoi", "dong", "nhan", "dan"): "locality",
    ("hdnd",): "locality",
    ("cong", "an"): "locality",
    ("thanh", "tra"): "locality",
    ("thue",): "locality",  # "Thuế tỉnh", the provincial tax office since 2025
    ("thong", "ke", "tinh"): "either",  # "Thống kê tỉnh", the provincial statistics office since 2025
    ("toa", "an", "nhan", "dan"): "locality",
    ("vien", "kiem", "sat", "nhan", "dan"): "locality",
    ("bao", "hiem", "xa", "hoi"): "locality",
    ("kho", "bac", "nha", "nuoc"): "either",
    ("ngan", "hang", "nha", "nuoc"): "either",  # "Ngân hàng nhà nước khu vực XII", either case
    ("kiem", "toan", "nha", "nuoc"): "either",  # "Kiểm toán Nhà nước (khu vực …)"
    ("tinh", "uy"): "either",
    ("quan", "uy", "trung", "uong"): "either",  # "Quân uỷ Trung ương", the Central Military Commission
    # the Government and the National Assembly, named alone ("Giao Chính phủ, căn cứ …, tổ chức …")
    ("chinh", "phu"): "either",
    ("quoc", "hoi"): "either",
    ("huyen", "uy"): "either",
    ("thanh", "uy"): "either",
    ("tinh", "doan"): "either",
    ("tinh", "doi"): "either",  # the provincial and district military commands
    ("huyen", "doi"): "either",
    ("thanh", "doi"): "either",
    ("uy", "ban"): "designation",
    ("mat", "tran"): "designation",  # "Mặt trận Tổ quốc Việt Nam"
    ("so",): "designation",
    ("ban",): "designation",
    ("bo",): "designation",
    ("van", "phong"): "designation",
    ("dai",): "designation",
    ("truong",): "designation",
    ("vien",): "designation",
    ("hoc", "vien"): "designation",
    ("dai", "hoc"): "designation",
    ("trung", "tam"): "designation",
    ("vuon", "quoc", "gia"): "designation",
    # a party committee ("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy các cơ quan Đảng tỉnh"): the body
    # whose committee it is names it
    ("dang", "uy"): "designation",  # "Vườn quốc gia Yok Don", a national park's board
    # the party's delegation in a state body: "Ban cán sự đảng UBND tỉnh"
    ("ban", "can", "su", "dang"): "designation",
    ("dang", "doan"): "designation",  # "Đảng đoàn Quốc hội", "Đảng đoàn Mặt trận Tổ quốc Việt Nam"
    # a party cell seated in a body's standing committee: "Tổ đảng ở Thường trực Ủy ban Kinh tế"
    ("to", "dang"): "seat",
    # "Đoàn đại biểu Quốc hội tỉnh", the province's National Assembly delegation
    ("doan", "dai", "bieu", "quoc", "hoi"): "either",
    # a People's Council's delegates of one constituency: "Tổ đại biểu Hội đồng nhân dân tỉnh"
    ("to", "dai", "bieu"): "designation",
    ("quy",): "designation",  # "Quỹ Phát triển khoa học và công nghệ tỉnh" (only "Quỹ", not "Quy")
    ("phong",): "designation",
    ("chi", "cuc"): "designation",
    ("cuc",): "designation",
    ("tong", "cuc"): "designation",
    ("hoi",): "designation",
    ("hiep", "hoi"): "designation",
    ("lien", "hiep"): "designation",
    ("lien", "minh"): "designation",
    ("lien", "doan"): "designation",
    ("ngan", "hang"): "designation",
    ("bao",): "designation",
    ("tong", "cong", "ty"): "designation",  # "Tổng Công ty Vận tải Hà Nội"
    ("cong", "ty"): "designation",
    ("tap", "doan"): "designation",
    ("doan",): "designation",
    ("bo", "doi"): "designation",
    ("vu",): "designation",  # a ministry's department: "Vụ Pháp chế", "Vụ Hợp tác quốc tế"
    ("tap", "chi"): "designation",  # "Tạp chí Tài nguyên và Môi trường"
    ("tram",): "designation",  # "Trạm Khuyến nông", "Trạm Trồng trọt và Bảo vệ thực vật"
    # "Đài truyền thanh thành phố", "Đài Truyền thanh - Truyền hình huyện", in either case
    ("dai", "truyen", "thanh"): "words",
}

# Titles of people that stand before an agency's name: "Giám đốc Sở …", "Chủ tịch UBND …".
PERSON_TITLES: tuple[tuple[str, ...], ...] = (
    ("pho", "tong", "giam", "doc"),
    ("tong", "giam", "doc"),  # "Tổng giám đốc các Tập đoàn, Tổng Công ty": the corporations
    ("pho", "giam", "doc"),
    ("giam", "doc"),
    ("pho", "chu", "tich"),
    ("chu", "tich"),
    ("chanh",),
    ("thu", "truong"),
    ("pho", "truong", "ban"),
    ("truong", "ban"),
    ("chi", "huy", "truong"),
    ("cuc", "truong"),
    ("pho", "cuc", "truong"),
    ("vu", "truong"),  # "Vụ trưởng Vụ Kế hoạch – Tài chính": a ministry's department head
    ("pho", "vu", "truong"),
    ("bo", "truong"),  # "Bộ trưởng Bộ Tài nguyên và Môi trường căn cứ chức năng, …"
    ("vien", "truong"),
    ("hieu", "truong"),
    ("bi", "thu"),
    ("thuong", "truc"),  # "Thường trực HĐND các cấp": the council's standing body acts for it
    ("lanh", "dao"),  # "yêu cầu lãnh đạo các sở, ban, ngành …": their agencies
    ("thanh", "vien"),  # "các thành viên Ban tổ chức": the committee
    ("nguoi", "dung", "dau"),  # "người đứng đầu các cơ quan, đơn vị"
    ("to", "truong"),  # "Tổ trưởng Tổ đảng ở …"
    ("dai", "dien"),  # "Đại diện Bộ Tài chính: Chịu trách nhiệm …", a body's member of a board
    ("chu", "nhiem"),  # "Chủ nhiệm Văn phòng Quốc hội", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"
)

# Locality words (lower case as written), longest first.
LOCALITY_WORDS: tuple[tuple[str, ...], ...] = (
    ("thành", "phố"),
    ("thị", "xã"),
    ("thị", "trấn"),
    ("tỉnh",),
    ("huyện",),
    ("quận",),
    ("xã",),
    ("phường",),
    ("đặc", "khu"),  # "UBND các xã, phường, đặc khu" (the special zones since 2025)
    # "các huyện, thành, thị": the towns and cities, each by the first word of its kind
    ("thành", ",", "thị"),
    ("cấp", "tỉnh"),
    ("cấp", "huyện"),
    ("cấp", "xã"),
    ("cấp",),
    ("tphcm",),  # "UBND TPHCM": the city, its name glued to its kind
    ("tp", "."),
    ("h", "."),  # "UBND H.Bắc Bình", as the press abbreviates "huyện"
    ("tx", "."),
    ("tp",),
)

# Bodies a regulation names by what they do, not by their name (whichever body that is), each
# a duty holder: "Cơ quan chủ trì thẩm định có trách nhiệm tiếp nhận …" (Luật Xây dựng's
# appraising body). Compared without tone marks (an OCR's "thâm định" for "thẩm định").
# "Cơ quan chuyên môn về <field> (cấp tỉnh)" has a field of its own: ``agencies._body_by_function``.
BODIES_BY_FUNCTION: tuple[str, ...] = (
    "cơ quan chủ trì thẩm định",
    "cơ quan được giao nhiệm vụ chủ trì thẩm tra quyết toán",
    "cơ quan, tổ chức được giao nhiệm vụ chuẩn bị đầu tư",
    "cơ quan được giao nhiệm vụ chuẩn bị đầu tư",
    "cơ quan đăng ký đầu tư",  # Luật Đầu tư's investment registration body
    # Luật Giá's bodies in a province's allocation of price management
    "cơ quan tiếp nhận văn bản kê khai giá",
    "cơ quan tiếp nhận kê khai giá",
    "cơ quan được giao thẩm định phương án giá",
    "cơ quan có thẩm quyền cấp giấy phép xây dựng",  # Luật Xây dựng's licensing body
    "cơ quan quản lý trực tiếp",  # the body that manages an official directly (a regulation's term)
)

# A unit noun that, with the words after it, names no body: "các đơn vị hành chính cấp tỉnh"
# (the provinces as territories), "các đơn vị tính" (units of measure).
NOT_BODIES: tuple[tuple[str, ...], ...] = (
    ("đơn", "vị", "hành", "chính"),
    ("đơn", "vị", "tính"),
)

# Unit nouns of generic groups: "các sở, ban, ngành, đoàn thể và các địa phương".
GROUP_UNITS: tuple[tuple[str, ...], ...] = (
    ("đoàn", "thể", "chính", "trị", "-", "xã", "hội"),
    ("tổ", "chức", "chính", "trị", "-", "xã", "hội"),
    ("tổ", "chức", "xã", "hội", "-", "nghề", "nghiệp"),
    ("viện", "nghiên", "cứu"),  # "Các viện nghiên cứu, trường đại học"
    ("trường", "đại", "học"),
    ("cơ", "quan", "nhà", "nước"),  # "Các cơ quan nhà nước, tổ chức chính trị - xã hội, doanh nghiệp"
    ("đoàn", "thể"),
    ("địa", "phương"),
    # "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ": the central bodies
    ("cơ", "quan", "ngang", "bộ"),
    ("cơ", "quan", "thuộc", "chính", "phủ"),
    # "các cơ quan thông tấn, báo chí", "các cơ quan báo chí": the press
    ("cơ", "quan", "thông", "tấn", "báo", "chí"),  # without the comma
    ("cơ", "quan", "thông", "tấn"),
    ("cơ", "quan", "báo", "chí"),
    ("cơ", "quan"),
    ("đơn", "vị"),
    ("văn", "phòng"),  # "các văn phòng tỉnh uỷ, thành uỷ": the party committees' offices
    ("thành", "phố"),
    ("thị", "xã"),
    ("thị", "trấn"),
    ("sở",),
    ("ban",),
    ("phòng", ",", "ban"),  # "các Phòng, ban, đơn vị thuộc thành phố" (not "các phòng thí nghiệm")
    ("ngành",),
    ("huyện",),
    ("quận",),
    ("xã",),
    ("phường",),
    ("hội",),
    ("viện",),
    ("trường",),
    ("bộ",),
    ("chủ", "đầu", "tư"),
    # "các tập đoàn kinh tế, tổng công ty của Nhà nước": the state's corporations
    ("tập", "đoàn", "kinh", "tế"),
    ("tập", "đoàn"),
    ("tổng", "công", "ty"),
    ("cấp", "chính", "quyền"),  # "các cấp chính quyền địa phương"
    # "Các cấp, ngành chủ động …", "các cấp, các ngành": levels of government with the sectors
    ("cấp", "ủy"),  # "Các cấp ủy, tổ chức đảng": the party committees and organisations
    # "Các tỉnh uỷ, thành uỷ": the provinces' and cities' party committees
    ("tỉnh", "ủy"),
    ("thành", "ủy"),
    ("huyện", "ủy"),
    ("thị", "ủy"),
    ("quận", "ủy"),
    # a party document's units: "Các tỉnh ủy, thành ủy, ban đảng, ban cán sự đảng, đảng đoàn, đảng
    # ủy trực thuộc Trung ương"
    ("ban", "cán", "sự", "đảng"),
    ("ban", "đảng"),
    ("đảng", "đoàn"),
    ("đảng", "ủy"),
    ("tổ", "chức", "đảng"),
    # a National Assembly's bodies and members: "các Ủy ban của Quốc hội", "các Đoàn đại biểu
    # Quốc hội và các đại biểu Quốc hội"
    ("ủy", "ban", "của", "quốc", "hội"),
    ("đoàn", "đại", "biểu", "quốc", "hội"),
    ("đại", "biểu", "quốc", "hội"),
    # a People's Council's: "các Ban của Hội đồng nhân dân tỉnh", "các Tổ đại biểu và đại biểu Hội
    # đồng nhân dân tỉnh"
    ("tổ", "đại", "biểu", "hội", "đồng", "nhân", "dân"),
    ("đại", "biểu", "hội", "đồng", "nhân", "dân"),
    ("tổ", "đại", "biểu", "hđnd"),
    ("đại", "biểu", "hđnd"),
    ("tổ", "đại", "biểu"),
    ("cấp", ",", "ngành"),
    ("cấp", ",", "các", "ngành"),
)

# Units that may follow an agency's unit in a group, never open one: "các cơ quan, tổ chức, cá
# nhân có liên quan" is a group; "các tổ chức, doanh nghiệp" is not an agency.
GROUP_TRAILING_UNITS: tuple[tuple[str, ...], ...] = (
    ("tổ", "chức"),
    ("cá", "nhân"),
    ("cấp",),  # "các ngành, các cấp"
    ("doanh", "nghiệp"),  # "các cơ quan, đơn vị, doanh nghiệp"
    ("trường", "học"),  # "các cơ quan, đơn vị, doanh nghiệp, trường học trên địa bàn"
    ("cao", "đẳng"),  # "các Trường Đại học, Cao đẳng trên địa bàn tỉnh"
    ("báo", "chí"),  # "các cơ quan thông tấn, báo chí"
    ("phát", "thanh"),  # "các cơ quan báo chí, phát thanh, truyền hình khác"
    ("truyền", "hình"),
    ("cộng", "đồng", "doanh", "nghiệp"),
    ("chính", "quyền"),  # "các cấp ủy, tổ chức đảng, chính quyền"
)

# Qualifiers that may end a generic group.
GROUP_QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ("khác", "có", "liên", "quan"),
    ("khác", "liên", "quan"),
    ("khác",),  # "các cơ quan báo chí, phát thanh, truyền hình khác"
    ("có", "liên", "quan"),
    ("liên", "quan"),
    ("hữu", "quan"),  # "các đơn vị hữu quan": those concerned
    ("nêu", "trên"),  # "UBND các tỉnh nêu trên": those named before
    ("nói", "trên"),
    ("chức", "năng"),
    ("cấp", "tỉnh"),
    ("cấp", "huyện"),
    ("cấp", "xã"),
    ("trực", "thuộc", "bộ"),  # "các cơ quan, đơn vị trực thuộc Bộ"
    ("trực", "thuộc", "sở"),  # "các đơn vị trực thuộc Sở"
    ("trực", "thuộc", "trung", "ương"),  # "… đảng ủy trực thuộc Trung ương"
    ("trực", "thuộc", "tỉnh", "ủy"),  # "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"
    ("trực", "thuộc", "thành", "ủy"),
    ("xây", "dựng", "đảng"),  # "các ban xây dựng Đảng" (of a party committee)
    ("đảng",),  # "các cấp ủy Đảng", "các tổ chức Đảng"
    ("trực", "thuộc"),
    ("thuộc", "tỉnh"),
    ("thuộc", "thành", "phố"),
    ("thuộc", "thành", "phố", "trực", "thuộc", "trung", "ương"),
    ("trên", "địa", "bàn", "tỉnh"),
    ("trên", "địa", "bàn", "thành", "phố"),
    ("trên", "địa", "bàn", "tp"),  # "các đơn vị trên địa bàn TP"
    ("trên", "địa", "bàn"),
    ("trong", "tỉnh"),  # "các huyện, thị xã, thành phố trong tỉnh"
    ("ven", "biển"),  # "UBND các huyện, thị xã ven biển": the coastal ones
    # "các cấp chính quyền từ huyện đến cơ sở": every level between the two
    ("từ", "tỉnh", "đến", "cơ", "sở"),
    ("từ", "huyện", "đến", "cơ", "sở"),
    ("từ", "tỉnh", "đến", "xã"),
    ("từ", "huyện", "đến", "xã"),
    ("đóng", "chân", "trên", "địa", "bàn", "tỉnh"),  # "các cơ quan Trung ương đóng chân trên địa bàn tỉnh"
    ("đóng", "chân", "trên", "địa", "bàn"),
    ("đóng", "trên", "địa", "bàn", "tỉnh"),
    ("đóng", "trên", "địa", "bàn"),
    ("trung", "ương"),
    ("chuyên", "môn"),
    # "các sở quản lý nhà nước chuyên ngành (về hạ tầng)": the departments of a sector
    # the power companies: "các đơn vị điện lực", "các đơn vị quản lý vận hành công trình điện lực"
    ("quản", "lý", "vận", "hành", "công", "trình", "điện", "lực"),
    ("điện", "lực"),
    ("bán", "lẻ", "điện"),  # "các đơn vị bán lẻ điện": the electricity retailers
    # "các Sở quản lý công trình xây dựng chuyên ngành" (the construction law's term)
    ("quản", "lý", "công", "trình", "xây", "dựng", "chuyên", "ngành"),
    ("quản", "lý", "nhà", "nước", "chuyên", "ngành"),
    ("quản", "lý", "chuyên", "ngành"),
    # "các Sở quản lý ngành, lĩnh vực": the departments in charge of the sector concerned
    ("quản", "lý", "ngành", ",", "lĩnh", "vực"),
    ("quản", "lý", "ngành", "và", "lĩnh", "vực"),
    ("quản", "lý", "ngành"),
    ("về", "hạ", "tầng"),
    ("chủ", "trì", "soạn", "thảo"),  # "các cơ quan (chủ trì) soạn thảo": the drafting bodies
    ("soạn", "thảo"),
    (",", "khu", "vực"),  # "các Ban Quản lý dự án chuyên ngành, khu vực" (Luật Xây dựng)
    ("của", "tỉnh"),  # "các sở, ban, ngành của tỉnh"
    ("của", "quốc", "hội"),  # "các cơ quan của Quốc hội"
    ("của", "hội", "đồng", "nhân", "dân", "tỉnh"),  # "các Ban của Hội đồng nhân dân tỉnh"
    ("của", "hội", "đồng", "nhân", "dân"),
    ("của", "hđnd", "tỉnh"),
    ("của", "hđnd"),
    ("hội", "đồng", "nhân", "dân", "tỉnh"),  # "các Ban Hội đồng nhân dân tỉnh"
    ("hđnd", "tỉnh"),
    ("chịu", "sự", "giám", "sát"),  # "Các cơ quan chịu sự giám sát": those monitored
    ("của", "nhà", "nước"),  # "các tập đoàn kinh tế, tổng công ty của Nhà nước"
    ("của", "thành", "phố"),
    ("của", "huyện"),
    ("các", "cấp"),  # "Ban chỉ đạo phòng, chống dịch Covid-19 các cấp"
    (",", "các", "cấp"),  # "các ngành, các cấp"
    ("các", "ngành", ",", "các", "cấp"),  # "Ban Chỉ huy … các ngành, các cấp"
    ("tỉnh",),
    ("huyện",),  # "Các phòng, ban chuyên môn huyện"
    ("thành", "phố"),
)

# Words that end a name even right after a capitalised syllable (where a lower-case syllable
# is usually the second half of the word: "Đào tạo", "Phát triển"): the Vietnamese function
# words (``khcn.core.text.STOP_WORDS``) and the first syllables of the verbs that open a duty
# ("gửi", "chủ trì", "phối hợp", "tổng hợp", "báo cáo", "chịu trách nhiệm", "tham mưu").
FUNCTION_WORDS: frozenset[str] = STOP_WORDS | frozenset(
    # ("vừa": "Văn phòng Chính phủ vừa có Thông báo …", just now)
    ["gửi", "chủ", "phối", "tổng", "báo", "chịu", "tham", "xin", "kính", "trân", "yêu", "vừa"]
)

# Lower-case words that end an agency's name: those above and the verbs that follow a name in a
# duty. (A designation's own lower-case words — "nông thôn", "vận tải" — are not among them.)
NAME_STOP_WORDS: frozenset[str] = FUNCTION_WORDS | frozenset(
    [
        "thực",
        "nghiêm",  # "… Thủ Đô nghiêm túc thực hiện": an adverb after a name
        "ngày",  # "Thông tấn xã Việt Nam ngày 09 tháng 11 …": a date after a name
        "triển",
        "hướng",
        "kiểm",
        "xây",
        "đề",
        "nghiên",
        "tổ",
        "rà",
        "cân",
        "thẩm",
        "bố",
        "chỉ",
        "ban",
        "trình",
        "giao",
        "tăng",
        "đẩy",
        "cung",
        "phổ",
        "tuyên",
        "đánh",
        "ứng",
        "quản",
        "lập",
        "hỗ",
        "nâng",
        "tập",
        "đôn",
        "làm",
        "tiếp",
        "thường",
        "kịp",
        "định",
        "căn",
        "lồng",
        "phát",
        "xem",
        "quyết",
        "khẩn",
        "rất",  # "Báo CCB Việt Nam rất hoan nghênh …"
        "xác",  # "Đảng đoàn Quốc hội xác định các nhiệm vụ …"
        "sớm",
        "ngay",
        "trước",
        "sau",
        "bảo",
        "hoàn",
        "chuẩn",
        "thống",
        "duy",
        "kết",
        "thu",
        "sử",
        "vận",
        "tích",
        "quan",
        "lãnh",
        "nắm",
        "giám",
        "công",
        "mở",
        "đầu",
        "chung",
        "riêng",
        "nhất",
        "một",
        "hai",
        "ba",
        "chấp",
        "dự",
        "đào",
        "khai",
        "tranh",
        "nghiệm",
        "ngành",
        "mời",
        "đăng",
        "cải",
        "sửa",
        "rút",
        "ký",
        "tạo",
        "góp",
        "gắn",
        "đảm",
        "hình",
        "tìm",
        "tính",
        "tuân",
        "điều",
        "lựa",
        "ưu",
    ]
)

# Word pairs that hold a locality word but belong to a designation ("Hợp tác xã", "xã hội").
# Fields a name written in sentence case joins with "và" ("Trung tâm Truyền thông tài nguyên và
# môi trường", "Viện Chiến lược, Chính sách tài nguyên và môi trường").
FIELDS_AFTER_AND: tuple[str, ...] = (
    "môi trường",
    "công nghệ",
    "truyền thông",
    "đào tạo",
    "đầu tư",
    "du lịch",
    "xã hội",
    "đa dạng sinh học",
    "phát triển nông thôn",
    "biến đổi khí hậu",
    "thông tin",
)

# A district's offices named in sentence case after "Phòng" ("Phòng kinh tế hạ tầng", "Phòng tài
# chính - kế hoạch huyện"): the fields of Decree 37/2014 and 108/2020 on district offices.
DISTRICT_OFFICE_FIELDS: tuple[str, ...] = (
    "kinh tế và hạ tầng",
    "kinh tế hạ tầng",
    "kinh tế - hạ tầng",  # "Phòng Kinh tế – hạ tầng" (either dash)
    "kinh tế – hạ tầng",
    "kinh tế, hạ tầng và đô thị",
    "kinh tế",
    "quản lý đô thị",
    "tài chính - kế hoạch",
    "tài chính kế hoạch",
    "tài chính & kế hoạch",
    "tài nguyên và môi trường",
    "nông nghiệp và phát triển nông thôn",
    "nông nghiệp và môi trường",
    "giáo dục và đào tạo",
    "văn hóa và thông tin",
    "văn hóa & thông tin",  # "phòng Văn hóa & Thông tin"
    "văn hóa - thông tin",
    "văn hóa, khoa học và thông tin",
    "lao động - thương binh và xã hội",
    "y tế",
    "tư pháp",
    "nội vụ",
)

# What a project management board manages, after "Ban Quản lý dự án" ("… đầu tư xây dựng tỉnh",
# "… đầu tư xây dựng các công trình giao thông"): read on to the board's locality.
PROJECT_FIELDS: tuple[str, ...] = (
    "đầu tư xây dựng",
    "đầu tư",
    "xây dựng",
    "các công trình",
    "công trình",
    "giao thông",
    "dân dụng và công nghiệp",
    "dân dụng",
    "nông nghiệp và phát triển nông thôn",
    "nông nghiệp - phát triển nông thôn",  # "… công trình Nông nghiệp-Phát triển nông thôn"
    "nông nghiệp",
    "chuyên ngành",
    "khu vực",
    "phát triển đô thị",
    "hạ tầng",
)

COMPOUNDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("tác", "xã"),
        ("xã", "hội"),
        ("dự", "án"),
        ("chuyên", "ngành"),
        ("chính", "công"),
        ("công", "nghiệp"),
        ("giao", "thông"),  # "Ban An toàn giao thông tỉnh": transport, not "giao" (to assign)
        ("thực", "vật"),  # "Trạm Trồng trọt và Bảo vệ thực vật": plants, not "thực hiện"
    }
)

# Verbs whose first syllable may be part of a name ("Công nghệ thông tin"): the pair ends it
# ("Văn phòng Chính phủ thông báo để …").
VERB_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("thông", "báo"),
        ("thông", "qua"),
        ("truyền", "đạt"),
        ("tiếp", "tục"),
        ("khẩn", "trương"),
        ("tập", "trung"),
        ("kiểm", "tra"),
        ("hướng", "dẫn"),
        ("triển", "khai"),
        ("tiến", "hành"),
        ("căn", "cứ"),
        ("rà", "soát"),
        ("thành", "lập"),  # "giao Sở KHCN thành lập ban chỉ đạo"
        # after a one-syllable designation ("Cục Thuế thực hiện …", "Cục Thuế chủ trì …")
        ("thực", "hiện"),
        ("chủ", "trì"),
        ("phối", "hợp"),
        ("tổ", "chức"),
        ("xây", "dựng"),
        ("báo", "cáo"),
        ("tham", "mưu"),
        ("khảo", "sát"),  # "Vườn quốc gia Yok Don khảo sát …"
        ("tăng", "cường"),  # "giao Tổ kiểm tra … tăng cường kiểm tra"
        ("làm", "việc"),  # "Ban chỉ đạo Chương trình làm việc theo chế độ …"
    }
)
# Verbs that end a body's name even right after its head word ("Hội đồng hoạt động theo nguyên
# tắc …", "Hội đồng họp định kỳ 06 tháng một lần"), where "Hội đồng thẩm định" is a name.
VERBS_AFTER_HEAD: frozenset[tuple[str, str]] = frozenset(
    # ("Ban Chỉ đạo bảo đảm hoạt động hiệu quả")
    {("hoạt", "động"), ("họp", "định"), ("họp", "thường"), ("họp", "ít"), ("bảo", "đảm")}
)

# Provincial department designations in the national lists (Decrees 24/2014, 107/2020 and
# 45/2025 on provincial specialised agencies), as printed after "Sở".
# Designations printed with a comma inside them (a comma elsewhere ends a name): the National
# Assembly's committees of 2016–2025, the Party's policy committee of 2025.
COMMA_DESIGNATIONS: tuple[str, ...] = (
    "Tài chính, Ngân sách",
    "Văn hóa, Giáo dục",
    "Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng",
    "Quốc phòng, An ninh và Đối ngoại",
    "KH,CN&MT",
    "Chính sách, chiến lược",
)

SO_DESIGNATIONS: list[str] = [
    "Nội vụ",
    "Tư pháp",
    "Kế hoạch và Đầu tư",
    "Tài chính",
    "Công Thương",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Giao thông vận tải",
    "Xây dựng",
    "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",  # the ministry writes it with a comma
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
    "Quy hoạch - Kiến trúc",
    # as newspapers write them, with a dash for "và" (any case after it: "Sở Khoa học - công nghệ")
    "Khoa học - Công nghệ",
    "Tài nguyên - Môi trường",
    "Kế hoạch - Đầu tư",
    "Giáo dục - Đào tạo",
    "Thông tin - Truyền thông",
    "Văn hóa - Thể thao và Du lịch",
    "Nông nghiệp - Phát triển nông thôn",
    "Nông nghiệp - Môi trường",
    "Giao thông - Vận tải",
]

# Ministries' names that no department bears, listed after "Các Bộ:" ("Các Bộ: Quốc phòng, Công an
# chủ động …") with the departments' names above.
MINISTRY_ONLY_DESIGNATIONS: tuple[str, ...] = ("Quốc phòng", "Công an", "Ngoại giao")

# Headings of the parts of a plan, folded, by role.
PURPOSE_PART_WORDS: tuple[str, ...] = ("muc dich", "yeu cau", "muc tieu", "quan diem", "su can thiet")
# A part that reviews what was done ("1. Về đánh giá tình hình hoạt động từ tháng 6/2022 đến nay",
# "I. KẾT QUẢ THỰC HIỆN NĂM 2024"): read as a purpose part is, no duties in it (folded openings)
REVIEW_PART_WORDS: tuple[str, ...] = (
    "ve danh gia tinh hinh",
    "danh gia tinh hinh",
    "danh gia ket qua",
    "ket qua thuc hien",
    "ket qua dat duoc",
    "tinh hinh thuc hien",
)
ORGANISATION_PART_WORDS: tuple[str, ...] = (
    "to chuc thuc hien",
    "phan cong",
    "trach nhiem",
    "giai phap to chuc",
)

# A council named without its locality (a copy lost the "TỈNH …" line): completed from the
# place of the date line. Centrally run cities are "thành phố", every other place "tỉnh".
BARE_COUNCILS: frozenset[str] = frozenset({"uy ban nhan dan", "hoi dong nhan dan"})
CENTRAL_CITIES_FOLDED: frozenset[str] = frozenset(
    {
        "ha noi",
        "ho chi minh",
        "thanh pho ho chi minh",
        "tp. ho chi minh",
        "hai phong",
        "da nang",
        "can tho",
        "hue",
    }
)

# The kinds of document a news report says a body issued ("ban hành Công văn số …").
REPORTED_KINDS: tuple[str, ...] = (
    "công văn",
    "quyết định",
    "kế hoạch",
    "chỉ thị",
    "nghị quyết",  # "Chính phủ vừa ban hành Nghị quyết số 117/NQ-CP …"
    "thông báo",
    "công điện",
    "chương trình",
    "hướng dẫn",
    "văn bản",
)

# The commonest Vietnamese family names (folded): after a title and "UBND huyện", three or more
# capitalised words starting with one are a person ("Chủ tịch UBND huyện Nguyễn Văn A"); other
# capitalised words are the district ("Chủ tịch UBND huyện Quảng Xương").
SURNAMES_FOLDED: frozenset[str] = frozenset(
    {
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "doan",
        "trinh",
        "truong",
        "lam",
        "mai",
        "luong",
        "ha",
        "cao",
        "chu",
        "ta",
        "lai",
        "thai",
        "trieu",
        "quach",
        "vuong",
        "kieu",
        "tong",
        "luu",
        "nong",
        "lo",
        "hau",
        "giang",
        "tang",
        "thach",
        "danh",
        "son",
        "kim",
    }
)

# Provinces and centrally run cities (before and after the 2025 merger): national data, used
# only to tell a place from a person's name after "tỉnh" ("Phó Chủ tịch UBND tỉnh Hồ Quang Bửu").
PROVINCES: tuple[str, ...] = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bà Rịa-Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Đăk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hồ Chí Minh",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
)

# The labelled rows a legal-document portal prints over (or beside) a document: "Số hiệu:
# 6225/BVHTTDL-VP", "| Loại văn bản | Kế hoạch |", "Số kí hiệu văn bản 1017/UBND-VP". The fact each
# gives (None: a row read past, as "Người ký", "Tình trạng"); "Trích yếu", the page's summary of
# the text, is no frame row: it is read as text.
PAGE_FRAME_LABELS: dict[str, str | None] = {
    "Số hiệu văn bản": "number",
    "Số hiệu": "number",
    "Số kí hiệu văn bản": "number",
    "Số ký hiệu văn bản": "number",
    "Số kí hiệu": "number",
    "Số ký hiệu": "number",
    "Loại văn bản": "doc_type",
    "Nơi ban hành": "issuer",
    "Cơ quan ban hành": "issuer",
    "Ngày ban hành": "date",
    "Tên văn bản": "title",
    "Người ký": None,
    "Ngày có hiệu lực": None,
    "Ngày hiệu lực": None,
    "Ngày hết hiệu lực": None,
    "Ngày công báo": None,
    "Số công báo": None,
    "Tình trạng hiệu lực": None,
    "Tình trạng": None,
    "Lĩnh vực văn bản": None,
    "Lĩnh vực": None,
}

# A line holding only one of these opens a news page's lists of other articles: a copy's text
# ends there ("Các tin khác", "• Từ khóa", "Tin liên quan").
WEB_PAGE_ENDS: tuple[str, ...] = (
    "các tin khác",
    "tin khác",
    "tin liên quan",
    "tin cùng chuyên mục",
    "bài viết liên quan",
    "các bài viết khác",
    "từ khóa",
    "xem thêm",
    "tin đọc nhiều",
    "tin mới nhất",
    "ý kiến bạn đọc",
    "gửi bình luận",
    "viết bình luận",
    # a legal-document portal's page after the text: its caption, related documents, changes
    "văn bản này chưa cập nhật nội dung tiếng anh",
    "nội dung sửa đổi, hướng dẫn",
)
# Sentences that open a page's comment form, followed by more on their line ("Email của bạn sẽ
# không được hiển thị công khai. Các trường bắt buộc được đánh dấu *").
WEB_PAGE_END_SENTENCES: tuple[str, ...] = ("email của bạn sẽ không được hiển thị công khai",)

//! Vietnamese names, places and phrases for the demo, and the seeded
//! random helpers that pick from them. Integer weights only: no floats.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The demo's random generator (portable: the same seed gives the same
/// numbers on every platform).
pub(crate) type Rng = ChaCha8Rng;

/// A generator for one concern, so that changing how one part of the demo
/// draws numbers does not shift every other part.
pub(crate) fn rng(seed: u64, stream: u64) -> Rng {
    ChaCha8Rng::seed_from_u64(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// True with probability `per_mille` / 1000.
pub(crate) fn chance(rng: &mut Rng, per_mille: u32) -> bool {
    rng.random_range(0..1000u32) < per_mille
}

/// One item, uniformly.
pub(crate) fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// One value by integer weight.
pub(crate) fn weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[items.len() - 1].0
}

/// Family names, weighted roughly as in south-central Vietnam.
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 300),
    ("Trần", 100),
    ("Lê", 90),
    ("Phạm", 60),
    ("Huỳnh", 70),
    ("Võ", 70),
    ("Phan", 40),
    ("Đặng", 30),
    ("Bùi", 25),
    ("Đỗ", 25),
    ("Hồ", 30),
    ("Ngô", 20),
    ("Dương", 15),
    ("Trương", 20),
    ("Đoàn", 15),
    ("Lương", 10),
    ("Mai", 10),
    ("Cao", 10),
    ("Châu", 8),
    ("Lâm", 8),
    ("Tô", 6),
    ("Hà", 6),
    ("Đinh", 8),
];

const MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 500),
    ("Minh", 60),
    ("Đức", 50),
    ("Hữu", 60),
    ("Công", 40),
    ("Quốc", 40),
    ("Thanh", 40),
    ("Ngọc", 30),
    ("Xuân", 30),
    ("Tấn", 60),
    ("Đình", 40),
];

const FEMALE_MIDDLE: &[(&str, u32)] = &[
    ("Thị", 700),
    ("Ngọc", 60),
    ("Thu", 40),
    ("Kim", 40),
    ("Mỹ", 30),
    ("Thanh", 40),
    ("Bích", 30),
    ("Hồng", 30),
    ("Thùy", 30),
];

/// Second middle names after "Thị" (Nguyễn Thị Kim Loan).
const FEMALE_SECOND_MIDDLE: &[&str] = &["Thu", "Ngọc", "Kim", "Thanh", "Mỹ", "Bích", "Minh"];

const MALE_GIVEN: &[&str] = &[
    "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Phúc", "Tài", "Lợi", "Sơn", "Tâm",
    "Bình", "Thành", "Trung", "Quang", "Hòa", "Lộc", "Tín", "Nhân", "Nghĩa", "Thắng", "Cường",
    "Vinh", "Phước", "Thịnh", "Hiếu", "Khánh", "Toàn", "Đạt", "Hậu", "Sang", "Tùng", "Hưng",
    "Kiên", "Tú", "Bảo", "Danh", "Định", "Luân", "Phong", "Trí", "Thiện", "Lực", "Chiến",
];

const FEMALE_GIVEN: &[&str] = &[
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Hồng",
    "Thu",
    "Nga",
    "Hạnh",
    "Phượng",
    "Loan",
    "Tuyết",
    "Nhung",
    "Dung",
    "Liên",
    "Thủy",
    "Hằng",
    "Yến",
    "Trinh",
    "Vân",
    "Oanh",
    "Hiền",
    "Xuân",
    "Thảo",
    "Trang",
    "Linh",
    "Diệu",
    "Hà",
    "Lệ",
    "Sương",
    "Nguyệt",
    "Cúc",
    "Huệ",
    "Lài",
    "Thơm",
    "Bé",
    "Tâm",
    "My",
    "Nhi",
    "Quyên",
    "Phương",
    "Thắm",
    "Ngân",
];

/// A full name for a man or a woman, with the middle name consistent with
/// the gender ("Văn" men, "Thị" women).
pub(crate) fn person_name(rng: &mut Rng, female: bool) -> String {
    let family = weighted(rng, FAMILY);
    if female {
        let middle = weighted(rng, FEMALE_MIDDLE);
        let given = pick(rng, FEMALE_GIVEN);
        if middle == "Thị" && chance(rng, 250) {
            let second = pick(rng, FEMALE_SECOND_MIDDLE);
            if second != given {
                return format!("{family} Thị {second} {given}");
            }
        }
        if middle == *given {
            return format!("{family} Thị {given}");
        }
        format!("{family} {middle} {given}")
    } else {
        let middle = weighted(rng, MALE_MIDDLE);
        let given = pick(rng, MALE_GIVEN);
        if middle == *given {
            return format!("{family} Văn {given}");
        }
        format!("{family} {middle} {given}")
    }
}

/// Mobile prefixes in use (Viettel, Vinaphone, Mobifone).
const PHONE_PREFIXES: &[&str] = &[
    "090", "093", "089", "091", "094", "088", "096", "097", "098", "086", "032", "033", "034",
    "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083",
    "084", "085",
];

/// A 10-digit mobile number.
pub(crate) fn phone(rng: &mut Rng) -> String {
    let prefix = pick(rng, PHONE_PREFIXES);
    format!("{prefix}{:07}", rng.random_range(0..10_000_000u32))
}

/// Villages (thôn) of the point's area.
pub(crate) const VILLAGES: &[&str] = &[
    "thôn Phú Lộc",
    "thôn Đông",
    "thôn Tây",
    "thôn Trung",
    "thôn Phú Ân Nam",
    "thôn Trường Thạnh",
    "thôn Bình Khánh",
    "thôn Đại Điền",
    "thôn Lạc Lợi",
    "thôn Quang Thạnh",
    "thôn Xuân Phú",
    "thôn Phú Ân Bắc",
];

/// Loan purposes (mục đích sử dụng vốn) by program code.
pub(crate) fn purposes(program: &str) -> &'static [&'static str] {
    match program {
        "01" => &[
            "Chăn nuôi bò sinh sản",
            "Nuôi heo thịt",
            "Trồng mía",
            "Trồng xoài",
            "Nuôi gà thả vườn",
            "Trồng lúa nước",
            "Mua máy cày nhỏ phục vụ sản xuất",
            "Buôn bán tạp hóa nhỏ",
        ],
        "02" => &[
            "Chi phí học tập – Trường Đại học Nha Trang",
            "Chi phí học tập – Trường Đại học Khánh Hòa",
            "Chi phí học tập – Trường Cao đẳng Kỹ thuật Công nghệ Nha Trang",
            "Chi phí học tập – Trường Đại học Sư phạm Huế",
            "Chi phí học tập – Trường Đại học Bách khoa TP. Hồ Chí Minh",
            "Chi phí học tập – Trường Cao đẳng Y tế Khánh Hòa",
        ],
        "03" => &[
            "Xây dựng nhà tiêu hợp vệ sinh",
            "Khoan giếng, lắp bồn lọc nước",
            "Lắp đặt đường ống nước sạch",
            "Xây bể chứa nước sinh hoạt",
        ],
        "04" => &[
            "Chăn nuôi bò",
            "Nuôi heo nái",
            "Trồng sầu riêng",
            "Mở quán tạp hóa",
            "Trồng rau an toàn",
            "Nuôi dê",
            "Trồng bưởi da xanh",
        ],
        "05" => &[
            "Mở rộng chăn nuôi bò",
            "Trồng xoài cát",
            "Làm dịch vụ sửa xe máy",
            "Nuôi gà đẻ trứng",
        ],
        "06" => &[
            "Mở xưởng mộc, tạo việc làm cho 2 lao động",
            "Mua máy may công nghiệp",
            "Mở tiệm sửa xe máy",
            "Làm bánh tráng, tạo việc làm cho 3 lao động",
            "Mở cơ sở làm nhang",
        ],
        _ => &[
            "Trồng sầu riêng",
            "Chăn nuôi bò thịt",
            "Trồng mít Thái",
            "Nuôi dê sinh sản",
            "Trồng hoa màu",
        ],
    }
}

/// Where borrowers who left usually went (domain.md §6.9).
pub(crate) const DESTINATIONS: &[&str] = &[
    "Bình Dương",
    "TP. Hồ Chí Minh",
    "Đồng Nai",
    "Bình Dương",
    "TP. Hồ Chí Minh",
    "Bà Rịa – Vũng Tàu",
    "Lâm Đồng",
    "Đắk Lắk",
];

/// How the group leader reports a household that left for `destination`.
pub(crate) fn departure(destination: &str) -> String {
    if matches!(destination, "Lâm Đồng" | "Đắk Lắk") {
        format!("Cả hộ lên {destination} làm thuê mùa cà phê")
    } else {
        format!("Cả hộ vào {destination} làm công nhân")
    }
}

/// Short association name used in group names.
pub(crate) fn association_short(kind: phien_core::org::AssociationKind) -> &'static str {
    use phien_core::org::AssociationKind::{Farmers, Veterans, Women, Youth};
    match kind {
        Farmers => "Hội Nông dân",
        Women => "Hội Phụ nữ",
        Veterans => "Hội Cựu chiến binh",
        Youth => "Đoàn Thanh niên",
    }
}

/// Topics a group decides at a periodic meeting.
pub(crate) const MEETING_DECISIONS: &[&str] = &[
    "Thống nhất mức gửi tiết kiệm tối thiểu 20.000 ₫/tháng/hộ",
    "Tổ trưởng đôn đốc các hộ có nợ đến hạn chuẩn bị tiền trả nợ tại phiên giao dịch",
    "Thống nhất kiểm tra sử dụng vốn vay các hộ mới được giải ngân",
    "Nhắc các hộ nộp lãi đúng hạn, không để phát sinh lãi tồn",
    "Thống nhất đề nghị Ban quản lý tổ thăm hộ gặp khó khăn",
    "Phổ biến quy ước hoạt động của tổ cho tổ viên mới",
];

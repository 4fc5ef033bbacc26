/// Common Moroccan names with their Arabic spelling, for demo and benchmark data.
enum MoroccanNames {
    typealias Name = (latin: String, arabic: String)

    static let female: [Name] = [
        ("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Aicha", "عائشة"), ("Meryem", "مريم"), ("Salma", "سلمى"),
        ("Nadia", "نادية"), ("Imane", "إيمان"), ("Hanane", "حنان"), ("Zineb", "زينب"), ("Samira", "سميرة"),
        ("Latifa", "لطيفة"), ("Naima", "نعيمة"), ("Asmae", "أسماء"), ("Hajar", "هاجر"), ("Sanae", "سناء"),
        ("Loubna", "لبنى"), ("Houda", "هدى"), ("Karima", "كريمة"), ("Rajae", "رجاء"), ("Ibtissam", "ابتسام"),
    ]

    static let male: [Name] = [
        ("Mohamed", "محمد"), ("Youssef", "يوسف"), ("Ahmed", "أحمد"), ("Hamza", "حمزة"), ("Omar", "عمر"),
        ("Rachid", "رشيد"), ("Karim", "كريم"), ("Said", "سعيد"), ("Hassan", "حسن"), ("Mustapha", "مصطفى"),
        ("Abdellah", "عبد الله"), ("Brahim", "إبراهيم"), ("Khalid", "خالد"), ("Anas", "أنس"), ("Ayoub", "أيوب"),
        ("Driss", "إدريس"), ("Mehdi", "مهدي"), ("Hicham", "هشام"), ("Nabil", "نبيل"), ("Younes", "يونس"),
    ]

    static let family: [Name] = [
        ("El Idrissi", "الإدريسي"), ("Benali", "بنعلي"), ("Alaoui", "العلوي"), ("Bennani", "بناني"), ("Tazi", "التازي"),
        ("Berrada", "برادة"), ("El Amrani", "العمراني"), ("Chraibi", "الشرايبي"), ("Ouazzani", "الوزاني"), ("Lahlou", "لحلو"),
        ("El Fassi", "الفاسي"), ("Benjelloun", "بنجلون"), ("Ait Taleb", "آيت الطالب"), ("El Mansouri", "المنصوري"), ("Bouzid", "بوزيد"),
        ("Haddad", "الحداد"), ("Sbai", "السباعي"), ("Kettani", "الكتاني"), ("Naciri", "الناصري"), ("Zerouali", "الزروالي"),
        ("Ait Benhaddou", "آيت بنحدو"), ("Boukhari", "البخاري"), ("Moussaoui", "الموساوي"), ("Jaafari", "الجعفري"), ("Cherkaoui", "الشرقاوي"),
        ("Filali", "الفيلالي"), ("Belkadi", "بلقاضي"), ("Ouahbi", "الوهبي"), ("Amzil", "أمزيل"), ("Oubella", "أوبلا"),
    ]
}

/// A small, fast, seedable generator so generated data is the same from run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

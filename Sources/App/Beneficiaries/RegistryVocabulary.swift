/// The closed lists the registry speaks in. Stored as these codes; shown through `locale key + code`.
enum LegalStatus: String, CaseIterable, Sendable {
    case informal, autoEntrepreneur = "auto_entrepreneur", soleProprietor = "sole_proprietor", company, cooperative
}

enum BusinessKind: String, CaseIterable, Sendable {
    case business, project
}

enum Sector: String, CaseIterable, Sendable {
    case trade, crafts, food, services, agriculture, construction, transport, textile, digital, tourism, industry
    case realEstate = "real_estate", deepSeaFishing = "deep_sea_fishing", other
}

/// Yearly turnover in dirhams, in the bands advisors can ask about without documents.
enum TurnoverBand: String, CaseIterable, Sendable {
    case under100k = "lt_100k", upTo500k = "100k_500k", upTo1m = "500k_1m", upTo3m = "1m_3m", upTo10m = "3m_10m", over10m = "gt_10m"
}

enum DigitalPresence: String, CaseIterable, Sendable {
    case socialPage = "social_page", mapsListing = "maps_listing", website, onlineSelling = "online_selling", ePayment = "e_payment"
}

/// `u`: not given, as imported lists often leave it.
enum Gender: String, CaseIterable, Sendable {
    case f, m, u
}

"""Curated place data for reading a user's time-zone answer. Data only: the rules are in
``bot.coach.place_names`` (places), ``bot.coach.zones`` and ``bot.coach.timezones``.

The world's cities themselves are in ``bot.coach.world_places`` (generated from GeoNames); the
tables here are the hand-kept rest: regions, countries, abbreviations, ambiguous names, and the
few places the generated table lacks or answers otherwise. They win over it.

Every zone named here must be a real IANA zone; ``tests/coach/test_places.py`` walks all
of these tables to make sure, so a tzdata upgrade that drops a name fails loudly in CI.

Names are written the way a person would read them; the parser folds case, accents,
apostrophes, dots and hyphens itself, so "St. John's", "saint johns" and "ST JOHNS" need only
one entry. Choice tuples are ordered most likely first and hold at most six zones, because the
bot shows them as buttons.

The name tables are plain text in ``bot/coach/data/places-*.txt`` (one entry a line, format in
:mod:`bot.coach.tables`), read once at import; the comments above each table here say what it
holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.coach.tables import string_table, word_table

# Zones offered when a user answers with an offset ("+5:30") or with their local time ("21:40"),
# as (zone, rough millions of people living on that zone's clock), most populous first. It must
# cover every UTC offset in use anywhere in the year, including the odd ones (+5:45, +8:45,
# +12:45, -9:30, +13, +14, -11), otherwise some users could never be matched.
POPULAR_ZONES: Final[tuple[tuple[str, float], ...]] = (
    ("Asia/Kolkata", 1430),
    ("Asia/Shanghai", 1410),
    ("Asia/Karachi", 240),
    ("Asia/Jakarta", 230),
    ("Africa/Lagos", 225),
    ("Asia/Dhaka", 173),
    ("America/New_York", 155),
    ("Africa/Addis_Ababa", 127),
    ("America/Sao_Paulo", 125),
    ("Asia/Tokyo", 124),
    ("Asia/Manila", 117),
    ("Africa/Cairo", 112),
    ("Europe/Moscow", 110),
    ("America/Mexico_City", 105),
    ("Asia/Ho_Chi_Minh", 100),
    ("America/Chicago", 95),
    ("Asia/Tehran", 89),
    ("Europe/Istanbul", 85),
    ("Europe/Berlin", 84),
    ("Asia/Bangkok", 72),
    ("Europe/London", 68),
    ("Europe/Paris", 68),
    ("Africa/Dar_es_Salaam", 67),
    ("Africa/Johannesburg", 62),
    ("Europe/Rome", 59),
    ("Africa/Lubumbashi", 55),
    ("Africa/Nairobi", 55),
    ("Asia/Yangon", 55),
    ("America/Los_Angeles", 53),
    ("Asia/Seoul", 52),
    ("America/Bogota", 52),
    ("Africa/Kinshasa", 50),
    ("Europe/Madrid", 48),
    ("Africa/Khartoum", 48),
    ("Africa/Kampala", 48),
    ("America/Argentina/Buenos_Aires", 46),
    ("Africa/Algiers", 45),
    ("Asia/Baghdad", 45),
    ("Asia/Kabul", 42),
    ("Asia/Makassar", 40),
    ("Europe/Kyiv", 37),
    ("Africa/Casablanca", 37),
    ("Europe/Warsaw", 37),
    ("Asia/Riyadh", 36),
    ("Asia/Tashkent", 36),
    ("Africa/Luanda", 36),
    ("Asia/Kuala_Lumpur", 34),
    ("Africa/Accra", 34),
    ("America/Lima", 34),
    ("Africa/Maputo", 33),
    ("Asia/Kathmandu", 30),
    ("Africa/Abidjan", 29),
    ("America/Caracas", 28),
    ("Africa/Douala", 28),
    ("Asia/Pyongyang", 26),
    ("America/Toronto", 24),
    ("Asia/Taipei", 23.5),
    ("Asia/Colombo", 22),
    ("Africa/Lusaka", 20),
    ("Asia/Almaty", 20),
    ("America/Santiago", 19.6),
    ("Europe/Bucharest", 19),
    ("Africa/Dakar", 18),
    ("America/Guatemala", 18),
    ("America/Guayaquil", 18),
    ("Europe/Amsterdam", 17.9),
    ("Asia/Phnom_Penh", 17),
    ("America/Denver", 16),
    ("Africa/Harare", 16),
    ("Asia/Yekaterinburg", 12),
    ("Africa/Tunis", 12),
    ("America/La_Paz", 12),
    ("Europe/Brussels", 11.7),
    ("America/Port-au-Prince", 11.7),
    ("Asia/Amman", 11),
    ("America/Havana", 11),
    ("America/Santo_Domingo", 11),
    ("Europe/Prague", 10.9),
    ("Europe/Stockholm", 10.5),
    ("Europe/Athens", 10.4),
    ("Europe/Lisbon", 10.3),
    ("Asia/Dubai", 10),
    ("Asia/Baku", 10),
    ("Pacific/Port_Moresby", 10),
    ("America/Tegucigalpa", 10),
    ("Asia/Jerusalem", 9.8),
    ("Europe/Budapest", 9.6),
    ("Europe/Minsk", 9.2),
    ("Europe/Vienna", 9.1),
    ("Europe/Zurich", 8.8),
    ("Australia/Sydney", 8.5),
    ("Asia/Jayapura", 8),
    ("Asia/Hong_Kong", 7.5),
    ("Asia/Vientiane", 7.5),
    ("America/Phoenix", 7.4),
    ("Asia/Bishkek", 7),
    ("America/Asuncion", 6.9),
    ("America/Managua", 6.9),
    ("Australia/Melbourne", 6.8),
    ("Africa/Tripoli", 6.8),
    ("Europe/Belgrade", 6.7),
    ("Europe/Sofia", 6.4),
    ("America/El_Salvador", 6.3),
    ("Europe/Copenhagen", 5.9),
    ("Asia/Singapore", 5.9),
    ("America/Vancouver", 5.6),
    ("Europe/Helsinki", 5.6),
    ("Australia/Brisbane", 5.5),
    ("Europe/Oslo", 5.5),
    ("Asia/Beirut", 5.4),
    ("America/Costa_Rica", 5.2),
    ("Europe/Dublin", 5.2),
    ("Pacific/Auckland", 5.2),
    ("America/Edmonton", 4.9),
    ("Asia/Muscat", 4.6),
    ("America/Mazatlan", 4.5),
    ("America/Panama", 4.4),
    ("America/Manaus", 4.3),
    ("Asia/Kuwait", 4.3),
    ("Asia/Vladivostok", 4),
    ("America/Tijuana", 3.8),
    ("Asia/Tbilisi", 3.7),
    ("America/Cuiaba", 3.6),
    ("America/Montevideo", 3.4),
    ("Europe/Samara", 3.2),
    ("America/Puerto_Rico", 3.2),
    ("America/Hermosillo", 3),
    ("Asia/Ulaanbaatar", 3),
    ("Australia/Perth", 2.9),
    ("Asia/Krasnoyarsk", 2.9),
    ("Asia/Novosibirsk", 2.8),
    ("Asia/Yerevan", 2.8),
    ("America/Jamaica", 2.8),
    ("Asia/Qatar", 2.7),
    ("Asia/Irkutsk", 2.4),
    ("Asia/Omsk", 1.9),
    ("Australia/Adelaide", 1.9),
    ("America/Cancun", 1.9),
    ("America/Halifax", 1.9),
    ("America/Winnipeg", 1.4),
    ("Pacific/Honolulu", 1.4),
    ("Indian/Mauritius", 1.3),
    ("Asia/Dili", 1.3),
    ("America/Regina", 1.2),
    ("Europe/Kaliningrad", 1),
    ("Asia/Yakutsk", 1),
    ("Pacific/Fiji", 0.93),
    ("America/Rio_Branco", 0.9),
    ("America/Anchorage", 0.73),
    ("Pacific/Guadalcanal", 0.7),
    ("Atlantic/Cape_Verde", 0.59),
    ("Australia/Hobart", 0.57),
    ("America/St_Johns", 0.52),
    ("Indian/Maldives", 0.52),
    ("Asia/Sakhalin", 0.47),
    ("Atlantic/Reykjavik", 0.38),
    ("Asia/Kamchatka", 0.3),
    ("Pacific/Efate", 0.3),
    ("Pacific/Bougainville", 0.3),
    ("Pacific/Tahiti", 0.28),
    ("Pacific/Noumea", 0.27),
    ("Australia/Darwin", 0.25),
    ("Atlantic/Azores", 0.24),
    ("Pacific/Apia", 0.2),
    ("Pacific/Guam", 0.17),
    ("Asia/Magadan", 0.14),
    ("Pacific/Tarawa", 0.12),
    ("Pacific/Tongatapu", 0.1),
    ("Pacific/Pago_Pago", 0.05),
    ("Pacific/Majuro", 0.04),
    ("America/Nuuk", 0.02),
    ("Pacific/Rarotonga", 0.017),
    ("Pacific/Marquesas", 0.009),
    ("Pacific/Kiritimati", 0.007),
    ("America/Miquelon", 0.006),
    ("America/Noronha", 0.003),
    ("Pacific/Niue", 0.0016),
    ("Pacific/Gambier", 0.0015),
    ("Pacific/Fakaofo", 0.0014),
    ("Pacific/Chatham", 0.0006),
    ("Indian/Cocos", 0.0006),
    ("Australia/Lord_Howe", 0.0004),
    ("Australia/Eucla", 0.0002),
    ("America/Adak", 0.0002),
    ("Pacific/Kanton", 0.00005),
)

# Places with one zone that the world's cities (``bot.coach.world_places``, from GeoNames) lack,
# answer otherwise, or name differently: islands and regions, names whose IANA segment is a
# legacy link ("Montreal", "Tel_Aviv"), the English name people know ("Cologne", not "Köln"),
# and cities that share their name with another of similar size but are almost always meant
# ("Manchester", "Florence").
CITIES: Final[Mapping[str, str]] = string_table("places-cities")

# States, provinces and a few regions: mostly useful to settle an ambiguous city
# ("Portland, Oregon"). A region split between zones lists them, most people first.
REGIONS: Final[Mapping[str, tuple[str, ...]]] = word_table("places-regions")

# Names that fit several zones: the user picks. Most likely first.
AMBIGUOUS_PLACES: Final[Mapping[str, tuple[str, ...]]] = word_table("places-ambiguous")

# Countries and territories. One zone when nearly everyone lives on one clock (Spain's Canary
# Islands or Chile's Easter Island can still be typed by name); several when a large share of
# the people live on different clocks.
COUNTRIES: Final[Mapping[str, tuple[str, ...]]] = word_table("places-countries")

# Time-zone names and abbreviations people type ("EST", "Pacific Time"). IANA also has zones
# called "EST" and "MST", but those are fixed offsets without daylight saving time: a New Yorker
# who says "EST" in July still means New York's clock. Abbreviations that are everyday words
# ("CAT", "EAT", "WAT") are left out on purpose.
ZONE_ABBREVIATIONS: Final[Mapping[str, tuple[str, ...]]] = word_table("places-zone-abbreviations")

# Other names for an entry above or for the last segment of an IANA zone (old names, native
# names, short forms). Each maps to the name the bot will say back.
ALIASES: Final[Mapping[str, str]] = string_table("places-aliases")

# Names that count only when they are the whole answer ("I'm in the US", "LA"): inside a longer
# sentence they are too often something else ("tell us", "la ciudad", "central London", "wet").
STANDALONE_ONLY: Final[frozenset[str]] = frozenset(
    {
        "US",
        "UK",
        "GB",
        "NZ",
        "LA",
        "SF",
        "DC",
        "America",
        "Eastern",
        "Central",
        "Mountain",
        "Pacific",
        "Rio",
        "WET",
    }
)

# Last segments of IANA zone names that are not useful as a place name on their own: legacy
# abbreviations, compass points, and everyday words or names that would match ordinary chat
# ("wake", "easter", "Casey"). Most places are still reachable under a fuller name above.
EXCLUDED_ZONE_SEGMENTS: Final[frozenset[str]] = frozenset(
    {
        "ACT",
        "LHI",
        "NSW",
        "North",
        "South",
        "West",
        "Center",
        "Virgin",
        "Wake",
        "Midway",
        "Easter",
        "Christmas",
        "Yancowinna",
        "Knox_IN",
        "ComodRivadavia",
        # Research stations and hamlets whose names are mostly met as first names or words.
        "Casey",
        "Davis",
        "Palmer",
        "Troll",
        "Johnston",
        "Lindeman",
        "Resolute",
        "Knox",
    }
)

# How to name a zone on a button when its IANA spelling lacks accents or reads oddly.
ZONE_DISPLAY_NAMES: Final[Mapping[str, str]] = string_table("places-zone-display-names")

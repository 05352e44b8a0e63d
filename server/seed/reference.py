"""Reference data for the demo: qualifications, delivery partners and event titles."""

from __future__ import annotations

from dataclasses import dataclass

from protocol.records import PartnerData, QualificationData

# The partner pack's four qualifications and fees (their cohorts' schedules are built for
# the seed's year by ``server.seed.catalogue.pack_catalogue``).
QUALIFICATIONS: tuple[QualificationData, ...] = (
    QualificationData(code="NPQML", title="National Professional Qualification for "
                      "Middle Leadership", course_fee_pence=95_000, coaching_included=False,
                      participation_threshold_percent=90,
                      course_identifier="npq-middle-leadership", programme_type="leadership",
                      duration_months=12),
    QualificationData(code="NPQSL", title="National Professional Qualification for "
                      "Senior Leadership", course_fee_pence=125_000, coaching_included=False,
                      participation_threshold_percent=90,
                      course_identifier="npq-senior-leadership", programme_type="leadership",
                      duration_months=18),
    QualificationData(code="NPQH", title="National Professional Qualification for Headship",
                      course_fee_pence=225_000, coaching_included=True,
                      participation_threshold_percent=90, course_identifier="npq-headship",
                      programme_type="leadership", duration_months=18),
    QualificationData(code="NPQEL", title="National Professional Qualification for "
                      "Executive Leadership", course_fee_pence=495_000, coaching_included=True,
                      participation_threshold_percent=90,
                      course_identifier="npq-executive-leadership", programme_type="leadership",
                      duration_months=18),
)


@dataclass(frozen=True)
class PartnerSeed:
    data: PartnerData
    slug: str  # for usernames and group codes
    town: str
    venue_name: str
    venue_address: str
    lead_name: str
    local_authority: str  # the venue's
    # other venues it runs events at, as (name, address): on its published profile only
    # (issue 16); its groups meet at the first
    more_venues: tuple[tuple[str, str], ...] = ()


PARTNERS: tuple[PartnerSeed, ...] = (
    PartnerSeed(PartnerData(name="Pennine Teaching School Hub", kind="teaching_school",
                            allocation_code="OLP-YH-0142", region="Yorkshire and the Humber"),
                "pennine", "HALIFAX", "Calder Learning Centre",
                "12 Wharf Street, Halifax HX1 5QT", "Priya Raman", "Calderdale",
                (("Brighouse Learning Hub", "Bradford Road, Brighouse HD6 1RW"),)),
    PartnerSeed(PartnerData(name="Severn Vale Learning Trust", kind="trust",
                            allocation_code="OLP-WM-0217", region="West Midlands"),
                "severnvale", "WORCESTER", "Severn Vale Trust Centre",
                "Diglis Lane, Worcester WR5 3BN", "Graham Pickering", "Worcestershire"),
    PartnerSeed(PartnerData(name="Diocese of Fenland Schools Partnership", kind="diocese",
                            allocation_code="OLP-EE-0088", region="East of England"),
                "fenland", "ELY", "St Guthlac's Conference Rooms",
                "3 Minster Close, Ely CB7 4EQ", "Hélène Fairbairn", "Cambridgeshire",
                (("Wisbech Diocesan Centre", "12 North Brink, Wisbech PE13 1JR"),)),
    PartnerSeed(PartnerData(name="Tamar Coast Teaching School Hub", kind="teaching_school",
                            allocation_code="OLP-SW-0305", region="South West"),
                "tamar", "PLYMOUTH", "Tamar Coast Hub",
                "Millbay Road, Plymouth PL1 3LF", "Bethan Llewellyn", "Plymouth"),
    PartnerSeed(PartnerData(name="Thames Gateway Schools Trust", kind="trust",
                            allocation_code="OLP-LN-0411", region="London"),
                "thamesgateway", "GREENWICH", "Riverside Professional Centre",
                "40 Creek Road, London SE10 9RD", "Kwame Boateng", "Greenwich"),
    PartnerSeed(PartnerData(name="Northumbria Coast Learning Alliance",
                            kind="teaching_school", allocation_code="OLP-NE-0126",
                            region="North East"),
                "northumbria", "MORPETH", "Coquet House",
                "Castle Square, Morpeth NE61 1YL", "Fiona Campbell", "Northumberland",
                (("Alnwick Teaching Centre", "Greenwell Road, Alnwick NE66 1SF"),)),
    PartnerSeed(PartnerData(name="Peak and Trent Diocesan Academy Trust", kind="diocese",
                            allocation_code="OLP-EM-0193", region="East Midlands"),
                "peaktrent", "DERBY", "St Werburgh's Centre",
                "Friar Gate, Derby DE1 1DB", "Imran Hussain", "Derby"),
    PartnerSeed(PartnerData(name="Solent Shores Teaching School Hub", kind="teaching_school",
                            allocation_code="OLP-SE-0274", region="South East"),
                "solent", "SOUTHAMPTON", "Solent Shores Hub",
                "Ocean Way, Southampton SO14 3JZ", "Zoë Turner", "Southampton"),
)

EVENT_TITLES: dict[str, tuple[str, ...]] = {
    "NPQML": ("Leading teaching", "Curriculum and assessment", "Leading behaviour and culture",
              "Developing colleagues", "Implementation", "Leading with impact"),
    "NPQSL": ("Strategy and school improvement", "Teaching, curriculum and assessment",
              "Culture and behaviour", "Professional development",
              "Implementation and evaluation", "Working in partnership"),
    "NPQH": ("The role of the headteacher", "School culture", "Governance and accountability",
             "Resource management", "Implementation", "Leading a school community"),
    "NPQEL": ("Leading across schools", "Strategic finance", "Trust governance",
              "System leadership", "Organisational improvement", "Leading for equity"),
    # the current national suite (``seed-demo --catalogue current``)
    "NPQLT": ("How pupils learn", "Designing effective lessons", "Assessment and feedback",
              "Adaptive teaching", "Leading teaching in your team", "Implementation"),
    "NPQLTD": ("How teachers learn", "Designing professional development",
               "Coaching and mentoring", "Early career teachers", "Evaluating impact",
               "Implementation"),
    "NPQLBC": ("Routines and expectations", "Culture and belonging", "Attendance",
               "Supporting pupils with additional needs", "Working with parents",
               "Implementation"),
    "NPQLL": ("Reading fluency", "Systematic synthetic phonics", "Writing across the curriculum",
              "Oracy and vocabulary", "Supporting struggling readers", "Implementation"),
    "NPQLPM": ("Number sense", "Fluency and reasoning", "Representations and structures",
               "Misconceptions and assessment", "Leading mathematics across the school",
               "Implementation"),
    "NPQEYL": ("Child development", "Communication and language", "Partnership with families",
               "Leading early years practitioners", "Inclusion and SEND", "Implementation"),
    "NPQSENCO": ("The role of the SENCO", "Identifying needs", "Graduated approach",
                 "Working with families and agencies", "Leading inclusive teaching",
                 "Implementation"),
}
# For a qualification the tables above do not know (a catalogue the service was given)
GENERIC_TITLES: tuple[str, ...] = (
    "Foundations", "Evidence into practice", "Leading colleagues", "Working with families",
    "Evaluation and impact", "Implementation")


def event_title(qualification: str, number: int) -> str:
    """The topic of a qualification's event ``number`` (from 1)."""
    titles = EVENT_TITLES.get(qualification, GENERIC_TITLES)
    return titles[(number - 1) % len(titles)]

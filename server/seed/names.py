"""Invented people, schools and roles for the demo data (realistic, never real)."""

from __future__ import annotations

GIVEN_NAMES: tuple[str, ...] = (
    "Siân", "Zoë", "Łukasz", "Aoife", "Niamh", "Seren", "Rhys", "Dafydd", "Gwen", "Chloë",
    "Renée", "Inés", "Søren", "Małgorzata", "Agnieszka", "Ciarán", "Seán", "Róisín",
    "Pádraig", "Eilís", "Bronwen", "Mohammed", "Aisha", "Priya", "Rajesh", "Oluwaseun",
    "Chidi", "Amara", "Yusuf", "Fatima", "Hannah", "Oliver", "James", "Emily", "Sophie",
    "Thomas", "Rebecca", "Daniel", "Laura", "Sarah", "David", "Claire", "Mark", "Rachel",
    "Andrew", "Helen", "Gareth", "Bethan", "Kwame", "Tomasz", "Mei", "Wei", "Thanh", "Linh",
    "Zainab", "Imran", "Harpreet", "Gurpreet", "Sunita", "Deepak", "Ama", "Kofi", "Abena",
    "Tariq", "Nadia", "Leila", "Olamide", "Folasade", "Nkechi", "Emeka", "Adaeze", "Jessica",
    "Lucy", "Charlotte", "Amelia", "Georgia", "Katie", "Megan", "Natalie", "Joanne",
    "Nicola", "Karen", "Susan", "Paul", "Richard", "Stephen", "Simon", "Matthew",
    "Christopher", "Jonathan", "Robert", "Michael", "Peter", "Neil", "Ian", "Graham",
    "Stuart", "Alistair", "Fiona", "Morag", "Iain", "Catrin", "Ffion", "Owain", "Hywel",
    "Anwen", "Zofia", "Kacper", "Jakub", "Ewa", "Andrés", "José", "Beatriz", "Joaquín",
    "François", "Hélène", "Jürgen", "Ayşe", "Mehmet", "Elif", "Zeynep", "Hương", "Nguyệt",
)

FAMILY_NAMES: tuple[str, ...] = (
    "Hughes", "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Lewis", "Morgan",
    "Griffiths", "Pritchard", "Llewellyn", "Nguyễn", "Trần", "Lê", "Phạm", "Ó Briain",
    "O'Connor", "O'Sullivan", "Murphy", "Byrne", "Smith", "Brown", "Taylor", "Wilson",
    "Johnson", "Wright", "Walker", "Robinson", "Thompson", "White", "Green", "Hall", "Wood",
    "Harris", "Clarke", "Jackson", "Turner", "Hill", "Moore", "Cooper", "Ward", "Patel",
    "Shah", "Mistry", "Khan", "Begum", "Ahmed", "Hussain", "Ali", "Chowdhury", "Rahman",
    "Singh", "Kaur", "Sandhu", "Gill", "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Osei",
    "Boateng", "Asante", "Campbell", "MacDonald", "Fraser", "Ferguson", "Nowak", "Kowalczyk",
    "Wójcik", "Kaczmarek", "Mazur", "Yılmaz", "Demir", "Fernández", "García", "Martínez",
    "Müller", "Schäfer", "Lefèvre", "Chen", "Wang", "Zhang", "Liu", "Huang", "Kim", "Park",
    "Fitzgerald", "Doherty", "Gallagher", "McLaughlin", "Öztürk", "Dvořák", "Horváth",
    "Kovács", "Ní Bhriain", "Mac Giolla Phádraig", "Ashworth", "Fairbairn", "Pickering",
)

SCHOOL_KINDS: tuple[str, ...] = (
    "Primary School", "Academy", "High School", "CE Primary School", "Catholic Primary School",
    "Infant School", "Junior School", "Community College", "Free School", "Primary Academy",
    "Church of England Academy", "School", "Special School", "Secondary School",
)

SCHOOL_STEMS: tuple[str, ...] = (
    "Moorside", "Kingsmead", "Brackenfield", "Hollins Cross", "Millbrook", "Easterfold",
    "Westleigh", "Alder Bank", "Oakhurst", "Highcliffe Green", "Thornbury Vale",
    "St Aidan's", "St Hilda's", "St Oswald's", "Holy Trinity", "Our Lady of the Vale",
    "Beechwood", "Fernhill", "Larkrise", "Saltmarsh", "Heron Brook", "Copperfield",
    "Ravensdale", "Ashgrove", "Foxhollow", "Windmill Lane", "Castle Mead", "Riverside",
    "Meadowbank", "Northgate", "Southfields", "Elmtree", "Wellspring", "Harbour View",
    "Kestrel Park", "Lime Walk", "Orchard Rise", "Quarry Hill", "Stonebridge", "Tollgate",
)

ROLES_BY_QUALIFICATION: dict[str, tuple[str, ...]] = {
    "NPQML": ("Head of Maths", "Head of English", "Head of Science", "Head of Year 9",
              "Computing Subject Lead", "KS1 Phase Leader", "Head of Modern Languages",
              "Head of Humanities", "EYFS Lead", "Reading Lead"),
    "NPQSL": ("Assistant Headteacher", "SENCo", "Director of Sixth Form", "Head of Key Stage 3",
              "Inclusion Lead", "Designated Safeguarding Lead", "Head of Lower School"),
    "NPQH": ("Deputy Headteacher", "Assistant Headteacher", "Head of School",
             "Associate Deputy Headteacher"),
    "NPQEL": ("Headteacher", "Executive Headteacher", "Director of Education",
              "Director of School Improvement"),
    # the current national suite (``seed-demo --catalogue current``)
    "NPQLT": ("Head of Maths", "Head of English", "Head of Science", "KS2 Phase Leader",
              "Teaching and Learning Lead", "Head of Modern Languages"),
    "NPQLTD": ("ECT Induction Tutor", "Professional Development Lead", "Mentor Lead",
               "Assistant Headteacher"),
    "NPQLBC": ("Head of Year 8", "Behaviour Lead", "Pastoral Lead", "Attendance Lead",
               "Head of Key Stage 3"),
    "NPQLL": ("Reading Lead", "English Lead", "Phonics Lead", "KS1 Phase Leader"),
    "NPQLPM": ("Maths Lead", "KS2 Phase Leader", "Year 4 Teacher", "Mastery Specialist"),
    "NPQSENCO": ("SENCo", "Assistant SENCo", "Inclusion Lead", "Deputy Headteacher"),
    "NPQEYL": ("Nursery Manager", "EYFS Lead", "Early Years Practitioner Lead",
               "Reception Teacher"),
}
# For a qualification the table above does not know
GENERIC_ROLES: tuple[str, ...] = ("Teacher", "Subject Lead", "Assistant Headteacher")


def roles_for(qualification: str) -> tuple[str, ...]:
    return ROLES_BY_QUALIFICATION.get(qualification, GENERIC_ROLES)

SPECIAL_REQUIREMENTS: tuple[str, ...] = (
    "Wheelchair access", "Vegetarian", "Hearing loop", "Vegan", "Gluten-free diet",
    "Step-free access and a seat near the door", "Large-print handouts", "Nut allergy",
    "Halal meals", "A quiet room at lunchtime", "Dairy-free diet", "Regular short breaks",
)

ATTENDANCE_NOTES: tuple[str, ...] = (
    "Train delayed", "School emergency, left after lunch", "Childcare", "Ofsted call",
    "Traffic on the ring road", "Medical appointment",
)

EVALUATION_COMMENTS: tuple[str, ...] = (
    "Really useful case studies; I will use the curriculum sequencing tool next week.",
    "Great facilitation, plenty of time to talk to colleagues from other phases.",
    "The afternoon felt rushed.",
    "Would have liked more on managing difficult conversations.",
    "Excellent venue and lunch, thank you.",
    "The pre-reading made the discussion much richer.",
    "Too much time in the same small groups.",
    "Clear links to the framework, and practical.",
)

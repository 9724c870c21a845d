# SPDX-License-Identifier: EUPL-1.2
"""The facts of a single-permit case, declared once, in the order a form asks them."""

from __future__ import annotations

from decimal import Decimal

from passage.rules.kernel.facts import UNKNOWN_HELP, Fact, FactSheet
from passage.rules.kernel.facts import text as _t

REGIONS = ("flanders", "wallonia", "brussels", "german_speaking_community")
CATEGORIES = (
    "highly_skilled",
    "executive",
    "eu_blue_card",
    "artist",
    "ict_manager",
    "ict_expert",
    "ict_trainee",
    "professional_athlete",
    "bottleneck",
    "seasonal",
    "low_skilled",
    "other",
)
SECTORS = (
    "agriculture",
    "hospitality",
    "construction",
    "cleaning",
    "meat_processing",
    "parcel_delivery",
    "other",
)


FACT_SHEET = FactSheet(
    "single_permit",
    (
        Fact(
            "region",
            "enum",
            _t(
                "Region of employment",
                "Gewest van tewerkstelling",
                "Région d'emploi",
                "Region der Beschäftigung",
            ),
            description="The federated entity competent for the work authorisation (LAB-01).",
            values=REGIONS,
            labels={
                "flanders": _t(
                    "Flemish Region", "Vlaams Gewest", "Région flamande", "Flämische Region"
                ),
                "wallonia": _t(
                    "Walloon Region", "Waals Gewest", "Région wallonne", "Wallonische Region"
                ),
                "brussels": _t(
                    "Brussels-Capital Region",
                    "Brussels Hoofdstedelijk Gewest",
                    "Région de Bruxelles-Capitale",
                    "Region Brüssel-Hauptstadt",
                ),
                "german_speaking_community": _t(
                    "German-speaking Community",
                    "Duitstalige Gemeenschap",
                    "Communauté germanophone",
                    "Deutschsprachige Gemeinschaft",
                ),
            },
        ),
        Fact(
            "category",
            "enum",
            _t(
                "Category of worker",
                "Categorie van werknemer",
                "Catégorie de travailleur",
                "Kategorie des Arbeitnehmers",
            ),
            description="The permit category: decides SAL-02 (its own threshold) or SAL-01 and "
            "the labour-market test (LMT-00).",
            values=CATEGORIES,
            labels={
                "highly_skilled": _t(
                    "Highly qualified worker",
                    "Hooggekwalificeerde werknemer",
                    "Travailleur hautement qualifié",
                    "Hochqualifizierter Arbeitnehmer",
                ),
                "executive": _t(
                    "Executive",
                    "Leidinggevend personeel",
                    "Personnel de direction",
                    "Führungskraft",
                ),
                "eu_blue_card": _t(
                    "EU Blue Card",
                    "Europese blauwe kaart",
                    "Carte bleue européenne",
                    "Blaue Karte EU",
                ),
                "artist": _t("Artist", "Kunstenaar", "Artiste", "Künstler"),
                "ict_manager": _t(
                    "Intra-corporate transferee: manager",
                    "Binnen een onderneming overgeplaatste: leidinggevende",
                    "Personne détachée intragroupe : cadre",
                    "Unternehmensintern transferiert: Führungskraft",
                ),
                "ict_expert": _t(
                    "Intra-corporate transferee: expert",
                    "Binnen een onderneming overgeplaatste: specialist",
                    "Personne détachée intragroupe : expert",
                    "Unternehmensintern transferiert: Spezialist",
                ),
                "ict_trainee": _t(
                    "Intra-corporate transferee: trainee",
                    "Binnen een onderneming overgeplaatste: stagiair",
                    "Personne détachée intragroupe : stagiaire",
                    "Unternehmensintern transferiert: Trainee",
                ),
                "professional_athlete": _t(
                    "Professional athlete or coach",
                    "Beroepssporter of trainer",
                    "Sportif professionnel ou entraîneur",
                    "Berufssportler oder Trainer",
                ),
                "bottleneck": _t(
                    "Shortage occupation", "Knelpuntberoep", "Métier en pénurie", "Mangelberuf"
                ),
                "seasonal": _t(
                    "Seasonal worker",
                    "Seizoenarbeider",
                    "Travailleur saisonnier",
                    "Saisonarbeitnehmer",
                ),
                "low_skilled": _t(
                    "Low-skilled worker",
                    "Laaggeschoolde werknemer",
                    "Travailleur peu qualifié",
                    "Geringqualifizierter Arbeitnehmer",
                ),
                "other": _t(
                    "Other worker", "Andere werknemer", "Autre travailleur", "Anderer Arbeitnehmer"
                ),
            },
        ),
        Fact(
            "gross_salary",
            "money",
            _t(
                "Gross salary in euros",
                "Brutoloon in euro",
                "Salaire brut en euros",
                "Bruttolohn in Euro",
            ),
            _t(
                "For example 48912 or 3703.44.",
                "Bijvoorbeeld 48912 of 3703,44.",
                "Par exemple 48912 ou 3703,44.",
                "Zum Beispiel 48912 oder 3703,44.",
            ),
            description="Gross wage (≥ 0), compared with SAL-02 or SAL-01 exactly to the cent.",
        ),
        Fact(
            "salary_period",
            "enum",
            _t("Pay period", "Loonperiode", "Période de paie", "Lohnzeitraum"),
            description="Whether gross_salary is per month or per year.",
            values=("month", "year"),
            labels={
                "month": _t("per month", "per maand", "par mois", "pro Monat"),
                "year": _t("per year", "per jaar", "par an", "pro Jahr"),
            },
        ),
        Fact(
            "age",
            "integer",
            _t(
                "Age of the worker",
                "Leeftijd van de werknemer",
                "Âge du travailleur",
                "Alter des Arbeitnehmers",
            ),
            _t(
                "Needed for highly qualified workers in Flanders and Wallonia.",
                "Nodig voor hooggekwalificeerde werknemers in Vlaanderen en Wallonië.",
                "Nécessaire pour les travailleurs hautement qualifiés en Flandre et en Wallonie.",
                "Erforderlich für Hochqualifizierte in Flandern und der Wallonie.",
            ),
            description="Age on the date named by the choice under_30_reference (highly skilled "
            "in Flanders and Wallonia: the under-30 threshold of SAL-02).",
            minimum=15,
            maximum=100,
        ),
        Fact(
            "junior",
            "boolean",
            _t(
                "Less than three years of professional experience (EU Blue Card)",
                "Minder dan drie jaar beroepservaring (Europese blauwe kaart)",
                "Moins de trois ans d'expérience professionnelle (carte bleue européenne)",
                "Weniger als drei Jahre Berufserfahrung (Blaue Karte EU)",
            ),
            UNKNOWN_HELP,
            description="EU Blue Card: fewer than 3 years of work experience (Walloon junior "
            "rate of SAL-02).",
        ),
        Fact(
            "application_type",
            "enum",
            _t("Type of application", "Soort aanvraag", "Type de demande", "Art des Antrags"),
            _t(
                "Needed in Flanders from 1 January 2026.",
                "Nodig in Vlaanderen vanaf 1 januari 2026.",
                "Nécessaire en Flandre à partir du 1er janvier 2026.",
                "Erforderlich in Flandern ab dem 1. Januar 2026.",
            ),
            description="First application or renewal (FLA-07); asked in Flanders from 2026-01-01.",
            values=("first", "renewal"),
            labels={
                "first": _t(
                    "First application", "Eerste aanvraag", "Première demande", "Erstantrag"
                ),
                "renewal": _t("Renewal", "Hernieuwing", "Renouvellement", "Verlängerung"),
            },
        ),
        Fact(
            "application_date",
            "date",
            _t(
                "Date the application was filed",
                "Datum van indiening van de aanvraag",
                "Date d'introduction de la demande",
                "Datum der Antragstellung",
            ),
            description="Filing date of the application; defaults to date, must not be after it "
            "(FLA-07).",
        ),
        Fact(
            "same_employer",
            "boolean",
            _t(
                "Renewal with the same employer",
                "Hernieuwing bij dezelfde werkgever",
                "Renouvellement chez le même employeur",
                "Verlängerung beim selben Arbeitgeber",
            ),
            UNKNOWN_HELP,
            description="Renewal: same employer as the permit renewed (FLA-07).",
        ),
        Fact(
            "same_occupation",
            "boolean",
            _t(
                "Renewal for the same occupation",
                "Hernieuwing voor hetzelfde beroep",
                "Renouvellement pour la même profession",
                "Verlängerung für denselben Beruf",
            ),
            UNKNOWN_HELP,
            description="Renewal: same profession as the permit renewed (FLA-07).",
        ),
        Fact(
            "occupation",
            "text",
            _t("Occupation code", "Beroepscode", "Code de profession", "Berufscode"),
            _t(
                "The code on the regional list of shortage occupations, if any.",
                "De code op de gewestelijke lijst van knelpuntberoepen, indien van toepassing.",
                "Le code sur la liste régionale des métiers en pénurie, le cas échéant.",
                "Der Code auf der regionalen Liste der Mangelberufe, falls vorhanden.",
            ),
            description="Occupation code as loaded in the bottleneck lists (ISCO-08 or the "
            "regional code); read by BNP-* and FLA-02.",
        ),
        Fact(
            "sector",
            "enum",
            _t(
                "Sector (seasonal work)",
                "Sector (seizoensarbeid)",
                "Secteur (travail saisonnier)",
                "Sektor (Saisonarbeit)",
            ),
            description="Sector of the job; decides FLA-02 for Flemish seasonal work from "
            "2026-01-01.",
            values=SECTORS,
            labels={
                "agriculture": _t(
                    "Agriculture and horticulture",
                    "Land- en tuinbouw",
                    "Agriculture et horticulture",
                    "Land- und Gartenbau",
                ),
                "hospitality": _t(
                    "Hotels and restaurants", "Horeca", "Horeca", "Hotel- und Gaststättengewerbe"
                ),
                "construction": _t("Construction", "Bouw", "Construction", "Bauwesen"),
                "cleaning": _t("Cleaning", "Schoonmaak", "Nettoyage", "Reinigung"),
                "meat_processing": _t(
                    "Meat processing",
                    "Vleesverwerking",
                    "Transformation de la viande",
                    "Fleischverarbeitung",
                ),
                "parcel_delivery": _t(
                    "Parcel delivery", "Pakjesbezorging", "Livraison de colis", "Paketzustellung"
                ),
                "other": _t("Other sector", "Andere sector", "Autre secteur", "Anderer Sektor"),
            },
        ),
        Fact(
            "fte",
            "decimal",
            _t(
                "Working time as a share of full time",
                "Arbeidsduur als deel van voltijds",
                "Temps de travail en fraction d'un temps plein",
                "Arbeitszeit als Anteil einer Vollzeitstelle",
            ),
            _t(
                "For example 0.8 for four days a week.",
                "Bijvoorbeeld 0,8 voor vier dagen per week.",
                "Par exemple 0,8 pour quatre jours par semaine.",
                "Zum Beispiel 0,8 für vier Tage pro Woche.",
            ),
            description="Working time as a fraction of full time, 0.01–1 (BNP-FL-2).",
            minimum=Decimal("0.01"),
            maximum=Decimal(1),
        ),
        Fact(
            "relevant_qualifications",
            "boolean",
            _t(
                "The worker has the relevant qualifications",
                "De werknemer heeft de relevante kwalificaties",
                "Le travailleur a les qualifications requises",
                "Der Arbeitnehmer hat die einschlägigen Qualifikationen",
            ),
            UNKNOWN_HELP,
            description="The worker has the qualifications for the occupation (BNP-FL-2, "
            "BNP-BX-1).",
        ),
        Fact(
            "profile_screened",
            "boolean",
            _t(
                "The profile was screened by the regional employment service",
                "Het profiel werd gescreend door de gewestelijke arbeidsbemiddelingsdienst",
                "Le profil a été examiné par le service régional de l'emploi",
                "Das Profil wurde vom regionalen Arbeitsamt geprüft",
            ),
            UNKNOWN_HELP,
            description="The worker's profile has been screened (BNP-FL-2).",
        ),
        Fact(
            "long_term_resident_other_member_state",
            "boolean",
            _t(
                "The worker holds a long-term residence permit of another EU Member State",
                "De werknemer heeft een verblijfsvergunning voor langdurig ingezetenen van een "
                "andere EU-lidstaat",
                "Le travailleur détient un titre de résident de longue durée d'un autre État membre",
                "Der Arbeitnehmer besitzt einen Daueraufenthaltstitel eines anderen EU-Mitgliedstaats",
            ),
            UNKNOWN_HELP,
            description="The worker holds a long-term residence permit of another EU Member "
            "State (BNP-GSC-1).",
        ),
        Fact(
            "labour_market_test_passed",
            "boolean",
            _t(
                "The labour market test was passed",
                "De arbeidsmarkttoets werd doorstaan",
                "L'examen du marché du travail a été réussi",
                "Die Arbeitsmarktprüfung wurde bestanden",
            ),
            UNKNOWN_HELP,
            description="The employer showed that no suitable candidate was found (LMT-00). "
            "Omit when not done.",
        ),
    ),
)

# SPDX-License-Identifier: EUPL-1.2
"""The facts of a family-reunification case and of one family member, declared once, in the
order a form asks them (issue 9 item 3). Only ``procedure`` and ``date`` are required: a fact
not given leaves the checks that need it undecided, naming it (issue 9 item 4)."""

from __future__ import annotations

from passage.rules.kernel.facts import UNKNOWN_HELP, Fact, FactSheet
from passage.rules.kernel.facts import text as _t

SPONSOR_STATUSES = (
    "belgian",
    "third_country_national",
    "permanent_resident",
    "refugee",
    "subsidiary_protection",
    "temporary_protection",
    "single_permit_worker",
    "stateless_person",
)
RELATIONSHIPS = ("spouse", "registered_partner", "partner", "child", "disabled_child", "parent")
#: FRX-04: single-permit categories presumed to meet the income requirement.
PRESUMED_INCOME_CATEGORIES = (
    "highly_skilled",
    "eu_blue_card",
    "ict_long_term_mobility",
    "researcher",
    "post_doctoral_researcher",
    "professional_athlete_or_coach",
    "international_agreement",
    "other",
)


def _yes_no(name: str, label: dict[str, str], description: str) -> Fact:
    return Fact(name, "boolean", label, UNKNOWN_HELP, description)


MEMBER_SHEET = FactSheet(
    "family_reunification.member",
    (
        Fact(
            "relationship",
            "enum",
            _t("Relationship", "Verwantschap", "Lien de parenté", "Verwandtschaft"),
            description="The member's bond with the sponsor (FR-02, FR-03, FR-05, FRS-05, FRR-05).",
            values=RELATIONSHIPS,
            labels={
                "spouse": _t("Spouse", "Echtgeno(o)t(e)", "Conjoint", "Ehegatte"),
                "registered_partner": _t(
                    "Registered partner",
                    "Geregistreerde partner",
                    "Partenaire enregistré",
                    "Eingetragener Partner",
                ),
                "partner": _t(
                    "Unmarried partner in a durable relationship",
                    "Ongehuwde partner in een duurzame relatie",
                    "Partenaire non marié dans une relation durable",
                    "Unverheirateter Partner in dauerhafter Beziehung",
                ),
                "child": _t("Child", "Kind", "Enfant", "Kind"),
                "disabled_child": _t(
                    "Adult child with a disability",
                    "Meerderjarig kind met een handicap",
                    "Enfant majeur handicapé",
                    "Volljähriges Kind mit Behinderung",
                ),
                "parent": _t("Parent", "Ouder", "Parent", "Elternteil"),
            },
        ),
        Fact(
            "age",
            "integer",
            _t("Age", "Leeftijd", "Âge", "Alter"),
            description="Age in years: a partner's minimum age (FR-02, FRS-08, FRR-06), minor "
            "children (FR-05, FRS-03, FRT-02), fees not owed by minors (FRR-04, FRS-07).",
            minimum=0,
            maximum=130,
        ),
        _yes_no(
            "accompanying",
            _t(
                "Accompanied the sponsor to Belgium",
                "Begeleidde de referentiepersoon naar België",
                "A accompagné la personne de référence en Belgique",
                "Hat die Referenzperson nach Belgien begleitet",
            ),
            "Not given counts as no: exemptions for accompanying members (002 L603, L622, L623).",
        ),
        _yes_no(
            "bond_predates_arrival",
            _t(
                "The family bond existed before the sponsor arrived",
                "De gezinsband bestond vóór de aankomst van de referentiepersoon",
                "Le lien familial existait avant l'arrivée de la personne de référence",
                "Die familiäre Bindung bestand vor der Ankunft der Referenzperson",
            ),
            "FR-05, FRS-01, FRT-01, FRR-04, FRS-07.",
        ),
        _yes_no(
            "born_in_belgium_into_existing_family",
            _t(
                "Child born in Belgium into the existing family",
                "Kind geboren in België binnen het bestaande gezin",
                "Enfant né en Belgique dans la famille existante",
                "In Belgien in die bestehende Familie geborenes Kind",
            ),
            "Not given counts as no: FRS-01 and FRT-01's exception for children.",
        ),
        _yes_no(
            "durable_relationship",
            _t(
                "Durable and stable relationship proven",
                "Duurzame en stabiele relatie bewezen",
                "Relation durable et stable prouvée",
                "Dauerhafte und stabile Beziehung nachgewiesen",
            ),
            "FR-03: partners must prove a durable and stable relationship.",
        ),
        _yes_no(
            "application_fee_paid",
            _t(
                "Application fee paid",
                "Retributie betaald",
                "Redevance payée",
                "Antragsgebühr bezahlt",
            ),
            "FRR-04, FRS-07: the application fee, for members who owe it.",
        ),
    ),
)

FACT_SHEET = FactSheet(
    "family_reunification",
    (
        Fact(
            "sponsor_status",
            "enum",
            _t(
                "Status of the family member living in Belgium",
                "Verblijfsstatus van de referentiepersoon",
                "Statut de la personne de référence",
                "Status der Referenzperson",
            ),
            description="Decides which rules apply (FR-*, FRR-*, FRS-*, FRT-*, FRX-*).",
            values=SPONSOR_STATUSES,
            labels={
                "belgian": _t("Belgian citizen", "Belg", "Belge", "Belgier"),
                "third_country_national": _t(
                    "Non-EU national with a residence permit",
                    "Niet-EU-onderdaan met een verblijfsvergunning",
                    "Ressortissant non européen avec un titre de séjour",
                    "Drittstaatsangehöriger mit Aufenthaltstitel",
                ),
                "permanent_resident": _t(
                    "Long-term or permanent resident",
                    "Langdurig ingezetene",
                    "Résident de longue durée",
                    "Daueraufenthaltsberechtigter",
                ),
                "refugee": _t(
                    "Recognised refugee", "Erkend vluchteling", "Réfugié reconnu", "Flüchtling"
                ),
                "subsidiary_protection": _t(
                    "Beneficiary of subsidiary protection",
                    "Subsidiair beschermde",
                    "Bénéficiaire de la protection subsidiaire",
                    "Subsidiär Schutzberechtigter",
                ),
                "temporary_protection": _t(
                    "Beneficiary of temporary protection",
                    "Tijdelijk beschermde",
                    "Bénéficiaire de la protection temporaire",
                    "Vorübergehend Schutzberechtigter",
                ),
                "single_permit_worker": _t(
                    "Worker with a single permit",
                    "Werknemer met een gecombineerde vergunning",
                    "Travailleur avec un permis unique",
                    "Arbeitnehmer mit kombinierter Erlaubnis",
                ),
                "stateless_person": _t(
                    "Recognised stateless person",
                    "Erkend staatloze",
                    "Apatride reconnu",
                    "Anerkannter Staatenloser",
                ),
            },
        ),
        Fact(
            "application_date",
            "date",
            _t(
                "Date of the application",
                "Datum van de aanvraag",
                "Date de la demande",
                "Datum des Antrags",
            ),
            description="FR-06's regime, waiting and exemption periods; not after the "
            "evaluation date.",
        ),
        Fact(
            "sponsor_permit_date",
            "date",
            _t(
                "Date the residence permit was granted",
                "Datum van toekenning van de verblijfsvergunning",
                "Date d'octroi du titre de séjour",
                "Datum der Erteilung des Aufenthaltstitels",
            ),
            _t(
                "Not needed for Belgians.",
                "Niet nodig voor Belgen.",
                "Inutile pour les Belges.",
                "Für Belgier nicht nötig.",
            ),
            description="FR-06: the previous requirements for permits granted before 18 Aug 2025.",
        ),
        Fact(
            "sponsor_status_date",
            "date",
            _t(
                "Date the protection or permanent status was granted",
                "Datum van toekenning van de bescherming of het duurzaam verblijf",
                "Date d'octroi de la protection ou du séjour permanent",
                "Datum der Zuerkennung des Schutzes oder Daueraufenthalts",
            ),
            description="Start of the waiting and exemption periods (FR-05, FRS-03, FRT-02, "
            "FRR-01, FRS-02).",
        ),
        Fact(
            "sponsor_age",
            "integer",
            _t(
                "Sponsor's age",
                "Leeftijd van de referentiepersoon",
                "Âge de la personne de référence",
                "Alter der Referenzperson",
            ),
            description="A minor sponsor (FRS-05, FRT-03, FRR-05).",
            minimum=0,
            maximum=130,
        ),
        _yes_no(
            "sponsor_unaccompanied_minor",
            _t(
                "The sponsor is an unaccompanied minor",
                "De referentiepersoon is een niet-begeleide minderjarige",
                "La personne de référence est un mineur non accompagné",
                "Die Referenzperson ist ein unbegleiteter Minderjähriger",
            ),
            "Not given counts as no (FRS-05, FRT-03, FRR-05).",
        ),
        Fact(
            "net_monthly_income",
            "money",
            _t(
                "Net monthly income of the household in euros",
                "Netto maandinkomen van het gezin in euro",
                "Revenu mensuel net du ménage en euros",
                "Monatliches Nettoeinkommen des Haushalts in Euro",
            ),
            description="FR-01 / FRX-02: compared with the family's threshold.",
        ),
        Fact(
            "additional_dependants",
            "integer",
            _t(
                "Other dependent persons in the household",
                "Andere personen ten laste",
                "Autres personnes à charge",
                "Weitere unterhaltsberechtigte Personen",
            ),
            description="FR-01: 10 % more per additional dependant under the new requirements.",
            minimum=0,
            maximum=50,
        ),
        Fact(
            "family_members",
            "records",
            _t(
                "Family members who apply",
                "Gezinsleden die de aanvraag doen",
                "Membres de la famille demandeurs",
                "Antragstellende Familienangehörige",
            ),
            description="The family members the application is for (at most 50).",
            record=MEMBER_SHEET,
            empty_message="must list at least one family member",
        ),
        _yes_no(
            "adequate_housing",
            _t(
                "Adequate housing is available",
                "Er is behoorlijke huisvesting",
                "Un logement suffisant est disponible",
                "Angemessener Wohnraum ist vorhanden",
            ),
            "FR-04.",
        ),
        _yes_no(
            "health_insurance",
            _t(
                "Health insurance covers the family",
                "Een ziektekostenverzekering dekt het gezin",
                "Une assurance maladie couvre la famille",
                "Eine Krankenversicherung deckt die Familie",
            ),
            "FR-MAT: a material requirement (002 L603, L196).",
        ),
        Fact(
            "single_permit_category",
            "enum",
            _t(
                "Single-permit category of the sponsor",
                "Categorie van de gecombineerde vergunning",
                "Catégorie du permis unique",
                "Kategorie der kombinierten Erlaubnis",
            ),
            description="FRX-04: categories presumed to meet the income requirement.",
            values=PRESUMED_INCOME_CATEGORIES,
        ),
        _yes_no(
            "posted_worker",
            _t(
                "Posted worker",
                "Gedetacheerde werknemer",
                "Travailleur détaché",
                "Entsandter Arbeitnehmer",
            ),
            "FRX-04: not for posted highly qualified workers.",
        ),
        Fact(
            "single_permit_issue_date",
            "date",
            _t(
                "Date the single permit was issued",
                "Datum van afgifte van de gecombineerde vergunning",
                "Date de délivrance du permis unique",
                "Ausstellungsdatum der kombinierten Erlaubnis",
            ),
            description="FRX-03: the six-month window of the ex-officio route.",
        ),
        _yes_no(
            "filed_with_single_permit",
            _t(
                "Filed together with the single permit",
                "Samen met de gecombineerde vergunning ingediend",
                "Introduite avec le permis unique",
                "Zusammen mit der kombinierten Erlaubnis eingereicht",
            ),
            "Not given counts as no (FRX-03).",
        ),
        _yes_no(
            "bond_predates_single_permit",
            _t(
                "The family bond existed before the single permit",
                "De gezinsband bestond vóór de gecombineerde vergunning",
                "Le lien familial existait avant le permis unique",
                "Die familiäre Bindung bestand vor der kombinierten Erlaubnis",
            ),
            "FRX-03.",
        ),
        Fact(
            "identity_and_bond_proof_date",
            "date",
            _t(
                "Date proof of identity and bond was given",
                "Datum van het bewijs van identiteit en band",
                "Date de la preuve d'identité et du lien",
                "Datum des Nachweises von Identität und Bindung",
            ),
            description="FRR-01: within six months of recognition; not after the evaluation date.",
        ),
    ),
)

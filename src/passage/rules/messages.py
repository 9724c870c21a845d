# SPDX-License-Identifier: EUPL-1.2
"""Explanations of each check in English, Dutch, French and German.

Each entry is a ``str.format_map`` template; the placeholders are the keyword arguments the
procedures pass to ``make_check``. ``{n:month|months}`` writes the singular or the plural by
the whole number ``n`` and the language's plural rule (``trace.plural_category``); dates,
amounts and counts come as ``trace.LocalDate``, ``Money`` and ``Number``, so no ISO date or
English separator reaches a Dutch, French or German sentence. A test makes sure every key has
all four languages and that the placeholders agree across them.
"""

from __future__ import annotations

from string import Formatter

_FORMATTER = Formatter()

# (en, nl, fr, de)
_M: dict[str, tuple[str, str, str, str]] = {
    # --- single permit ---------------------------------------------------------------------
    "fla01_excluded": (
        "From 1 January 2026 low-skilled workers no longer qualify for a single permit in Flanders, except seasonal workers.",
        "Vanaf 1 januari 2026 komen laaggeschoolde werknemers in Vlaanderen niet meer in aanmerking voor een gecombineerde vergunning, behalve seizoenarbeiders.",
        "Depuis le 1er janvier 2026, les travailleurs peu qualifiés ne peuvent plus obtenir de permis unique en Flandre, sauf les travailleurs saisonniers.",
        "Seit dem 1. Januar 2026 erhalten geringqualifizierte Arbeitnehmer in Flandern keine kombinierte Erlaubnis mehr, außer Saisonarbeitnehmer.",
    ),
    "fla07_pending": (
        "First application filed before 1 January 2026 and still pending: the seeds do not say whether the old or the new Flemish rules apply.",
        "Eerste aanvraag ingediend vóór 1 januari 2026 en nog hangende: de bronnen zeggen niet of de oude of de nieuwe Vlaamse regels gelden.",
        "Première demande introduite avant le 1er janvier 2026 et toujours pendante : les sources ne disent pas si les anciennes ou les nouvelles règles flamandes s'appliquent.",
        "Erstantrag vor dem 1. Januar 2026 gestellt und noch anhängig: Die Quellen sagen nicht, ob die alten oder die neuen flämischen Regeln gelten.",
    ),
    "fla07_filed_before": (
        "Filed before the Flemish reform of 1 January 2026: the old rules apply.",
        "Ingediend vóór de Vlaamse hervorming van 1 januari 2026: de oude regels gelden.",
        "Introduite avant la réforme flamande du 1er janvier 2026 : les anciennes règles s'appliquent.",
        "Vor der flämischen Reform vom 1. Januar 2026 gestellt: Es gelten die alten Regeln.",
    ),
    "fla07_renewal_old": (
        "Renewal for the same profession and the same employer: the old Flemish rules apply.",
        "Verlenging voor hetzelfde beroep en dezelfde werkgever: de oude Vlaamse regels gelden.",
        "Renouvellement pour la même profession et le même employeur : les anciennes règles flamandes s'appliquent.",
        "Verlängerung für denselben Beruf und denselben Arbeitgeber: Es gelten die alten flämischen Regeln.",
    ),
    "fla07_renewal_new": (
        "Renewal with a different profession or employer: the new Flemish rules apply.",
        "Verlenging met een ander beroep of een andere werkgever: de nieuwe Vlaamse regels gelden.",
        "Renouvellement avec une autre profession ou un autre employeur : les nouvelles règles flamandes s'appliquent.",
        "Verlängerung mit anderem Beruf oder Arbeitgeber: Es gelten die neuen flämischen Regeln.",
    ),
    "fla07_first": (
        "First application from 1 January 2026: the new Flemish rules apply.",
        "Eerste aanvraag vanaf 1 januari 2026: de nieuwe Vlaamse regels gelden.",
        "Première demande à partir du 1er janvier 2026 : les nouvelles règles flamandes s'appliquent.",
        "Erstantrag ab dem 1. Januar 2026: Es gelten die neuen flämischen Regeln.",
    ),
    "wage_ok": (
        "The gross wage {wage} reaches the minimum {limit} ({period}).",
        "Het brutoloon {wage} bereikt het minimum {limit} ({period}).",
        "Le salaire brut {wage} atteint le minimum {limit} ({period}).",
        "Der Bruttolohn {wage} erreicht das Minimum {limit} ({period}).",
    ),
    "wage_low": (
        "The gross wage {wage} is below the minimum {limit} ({period}).",
        "Het brutoloon {wage} ligt onder het minimum {limit} ({period}).",
        "Le salaire brut {wage} est inférieur au minimum {limit} ({period}).",
        "Der Bruttolohn {wage} liegt unter dem Minimum {limit} ({period}).",
    ),
    "brussels_monthly_only": (
        "Brussels sets a monthly minimum ({limit}) and the seeds give no rule to convert an annual wage (AMB-SAL-8): give the monthly gross wage.",
        "Brussel bepaalt een maandelijks minimum ({limit}) en de bronnen geven geen regel om een jaarloon om te rekenen (AMB-SAL-8): geef het bruto maandloon op.",
        "Bruxelles fixe un minimum mensuel ({limit}) et les sources ne donnent aucune règle pour convertir un salaire annuel (AMB-SAL-8) : indiquez le salaire brut mensuel.",
        "Brüssel legt ein monatliches Minimum fest ({limit}) und die Quellen enthalten keine Regel zur Umrechnung eines Jahreslohns (AMB-SAL-8): Geben Sie den Bruttomonatslohn an.",
    ),
    "parameter_missing": (
        "No value is known for {parameter} on this date.",
        "Voor {parameter} is op deze datum geen waarde bekend.",
        "Aucune valeur n'est connue pour {parameter} à cette date.",
        "Für {parameter} ist zu diesem Datum kein Wert bekannt.",
    ),
    "parameter_needs_review": (
        "The threshold is doubtful and is not applied until an administrator enters a verified value: {reason}",
        "De drempel is twijfelachtig en wordt pas toegepast als een beheerder een geverifieerde waarde invoert: {reason}",
        "Le seuil est douteux et n'est appliqué qu'après saisie d'une valeur vérifiée par un administrateur : {reason}",
        "Der Schwellenwert ist zweifelhaft und wird erst angewandt, wenn ein Administrator einen geprüften Wert eingibt: {reason}",
    ),
    "lmt_exempt": (
        "No labour-market test is needed: the exemption of {list_id} applies.",
        "Geen arbeidsmarkttoets nodig: de vrijstelling van {list_id} geldt.",
        "Aucun examen du marché du travail n'est requis : l'exemption de {list_id} s'applique.",
        "Keine Arbeitsmarktprüfung nötig: Die Befreiung nach {list_id} gilt.",
    ),
    "lmt_passed": (
        "The employer has shown that no suitable candidate was found on the labour market.",
        "De werkgever heeft aangetoond dat er op de arbeidsmarkt geen geschikte kandidaat werd gevonden.",
        "L'employeur a démontré qu'aucun candidat approprié n'a été trouvé sur le marché du travail.",
        "Der Arbeitgeber hat nachgewiesen, dass auf dem Arbeitsmarkt kein geeigneter Bewerber gefunden wurde.",
    ),
    "lmt_failed": (
        "The labour-market test applies and was not passed.",
        "De arbeidsmarkttoets is van toepassing en werd niet doorstaan.",
        "L'examen du marché du travail s'applique et n'a pas été satisfait.",
        "Die Arbeitsmarktprüfung gilt und wurde nicht bestanden.",
    ),
    "lmt_missing": (
        "The labour-market test applies; its result (labour_market_test_passed) was not given.",
        "De arbeidsmarkttoets is van toepassing; het resultaat (labour_market_test_passed) werd niet opgegeven.",
        "L'examen du marché du travail s'applique ; son résultat (labour_market_test_passed) n'a pas été fourni.",
        "Die Arbeitsmarktprüfung gilt; ihr Ergebnis (labour_market_test_passed) wurde nicht angegeben.",
    ),
    "lmt_exemption_unknown": (
        "Whether the exemption of {list_id} applies cannot be decided and no passed labour-market test was given.",
        "Of de vrijstelling van {list_id} geldt, kan niet worden beslist en er werd geen geslaagde arbeidsmarkttoets opgegeven.",
        "On ne peut pas décider si l'exemption de {list_id} s'applique et aucun examen du marché du travail réussi n'a été fourni.",
        "Ob die Befreiung nach {list_id} gilt, lässt sich nicht entscheiden, und es wurde keine bestandene Arbeitsmarktprüfung angegeben.",
    ),
    "list_no_list_in_force": (
        "No version of list {list_id} is known to be in force on this date.",
        "Er is geen versie van lijst {list_id} bekend die op deze datum geldt.",
        "Aucune version de la liste {list_id} n'est connue comme étant en vigueur à cette date.",
        "Für dieses Datum ist keine geltende Fassung der Liste {list_id} bekannt.",
    ),
    "list_list_unverified": (
        "The version of list {list_id} in force from {start} is not verified in the seeds.",
        "De versie van lijst {list_id} die geldt vanaf {start} is niet geverifieerd in de bronnen.",
        "La version de la liste {list_id} en vigueur depuis le {start} n'est pas vérifiée dans les sources.",
        "Die ab {start} geltende Fassung der Liste {list_id} ist in den Quellen nicht belegt.",
    ),
    "list_list_not_loaded": (
        "List {list_id} (from {start}) has {size} {size:occupation|occupations} but only {loaded} {loaded:code is|codes are} loaded: an administrator must load the list before absence from it can be concluded.",
        "Lijst {list_id} (vanaf {start}) telt {size} {size:beroep|beroepen} maar er {loaded:is|zijn} maar {loaded} {loaded:code|codes} geladen: een beheerder moet de lijst laden voor men kan besluiten dat een beroep er niet op staat.",
        "La liste {list_id} (depuis le {start}) compte {size} {size:profession|professions} mais {loaded:seul|seuls} {loaded} {loaded:code est chargé|codes sont chargés} : un administrateur doit charger la liste avant de conclure qu'une profession n'y figure pas.",
        "Die Liste {list_id} (ab {start}) umfasst {size} {size:Beruf|Berufe}, aber nur {loaded} {loaded:Code ist|Codes sind} geladen: Ein Administrator muss die Liste laden, bevor auf das Fehlen eines Berufs geschlossen werden kann.",
    ),
    "list_not_on": (
        "The occupation is not on list {list_id}.",
        "Het beroep staat niet op lijst {list_id}.",
        "La profession ne figure pas sur la liste {list_id}.",
        "Der Beruf steht nicht auf der Liste {list_id}.",
    ),
    "list_no_occupation": (
        "No occupation was given, so the exemption of list {list_id} cannot apply.",
        "Er werd geen beroep opgegeven, dus de vrijstelling van lijst {list_id} kan niet gelden.",
        "Aucune profession n'a été indiquée : l'exemption de la liste {list_id} ne peut pas s'appliquer.",
        "Es wurde kein Beruf angegeben, daher kann die Befreiung nach der Liste {list_id} nicht gelten.",
    ),
    "list_exempt": (
        "The occupation is on list {list_id} and every condition of the exemption is met.",
        "Het beroep staat op lijst {list_id} en aan alle voorwaarden van de vrijstelling is voldaan.",
        "La profession figure sur la liste {list_id} et toutes les conditions de l'exemption sont remplies.",
        "Der Beruf steht auf der Liste {list_id} und alle Voraussetzungen der Befreiung sind erfüllt.",
    ),
    "list_on_conditions_unknown": (
        "The occupation is on list {list_id}, but not every condition of the exemption was given.",
        "Het beroep staat op lijst {list_id}, maar niet alle voorwaarden van de vrijstelling werden opgegeven.",
        "La profession figure sur la liste {list_id}, mais toutes les conditions de l'exemption n'ont pas été fournies.",
        "Der Beruf steht auf der Liste {list_id}, aber nicht alle Voraussetzungen der Befreiung wurden angegeben.",
    ),
    "fla02_sector_not_presumed": (
        "Seasonal work in the sector {sector} is not presumed a shortage: the presumption covers only {sectors}.",
        "Seizoensarbeid in de sector {sector} geniet geen vermoeden van krapte: het vermoeden geldt alleen voor {sectors}.",
        "Le travail saisonnier dans le secteur {sector} ne bénéficie pas de la présomption de pénurie : elle ne couvre que {sectors}.",
        "Für Saisonarbeit im Sektor {sector} wird kein Arbeitskräftemangel vermutet: Die Vermutung gilt nur für {sectors}.",
    ),
    "list_on_conditions_unmet": (
        "The occupation is on list {list_id}, but a condition of the exemption is not met.",
        "Het beroep staat op lijst {list_id}, maar aan een voorwaarde van de vrijstelling is niet voldaan.",
        "La profession figure sur la liste {list_id}, mais une condition de l'exemption n'est pas remplie.",
        "Der Beruf steht auf der Liste {list_id}, aber eine Voraussetzung der Befreiung ist nicht erfüllt.",
    ),
    # --- family reunification --------------------------------------------------------------
    "fr06_filed_before": (
        "Application filed before {law_start}: the previous requirements apply.",
        "Aanvraag ingediend vóór {law_start}: de vorige voorwaarden gelden.",
        "Demande introduite avant le {law_start} : les conditions antérieures s'appliquent.",
        "Antrag vor dem {law_start} gestellt: Es gelten die bisherigen Voraussetzungen.",
    ),
    "fr06_conflict_permit": (
        "Application filed before {law_start} by a sponsor whose permit dates from after it: by the named choice, the new requirements apply.",
        "Aanvraag ingediend vóór {law_start} door een referentiepersoon met een latere verblijfsvergunning: volgens de benoemde keuze gelden de nieuwe voorwaarden.",
        "Demande introduite avant le {law_start} par un regroupant dont le titre est postérieur : selon le choix nommé, les nouvelles conditions s'appliquent.",
        "Antrag vor dem {law_start} von einer Referenzperson mit späterem Aufenthaltstitel: Nach der benannten Wahl gelten die neuen Voraussetzungen.",
    ),
    "fr06_belgian_new": (
        "Family of a Belgian national: the new requirements apply from {transition_end}.",
        "Familie van een Belg: de nieuwe voorwaarden gelden vanaf {transition_end}.",
        "Famille d'un Belge : les nouvelles conditions s'appliquent à partir du {transition_end}.",
        "Familie eines belgischen Staatsangehörigen: Die neuen Voraussetzungen gelten ab dem {transition_end}.",
    ),
    "fr06_belgian_old": (
        "Family of a Belgian national: the previous requirements apply until the new ones take effect on {transition_end}.",
        "Familie van een Belg: de vorige voorwaarden gelden tot de nieuwe ingaan op {transition_end}.",
        "Famille d'un Belge : les conditions antérieures s'appliquent jusqu'à l'entrée en vigueur des nouvelles le {transition_end}.",
        "Familie eines belgischen Staatsangehörigen: Die bisherigen Voraussetzungen gelten, bis die neuen am {transition_end} wirksam werden.",
    ),
    "fr06_permit_after": (
        "The sponsor obtained the residence permit on or after {law_start}: the new requirements apply.",
        "De referentiepersoon verkreeg de verblijfsvergunning op of na {law_start}: de nieuwe voorwaarden gelden.",
        "Le regroupant a obtenu son titre de séjour le {law_start} ou après : les nouvelles conditions s'appliquent.",
        "Die Referenzperson hat den Aufenthaltstitel am oder nach dem {law_start} erhalten: Es gelten die neuen Voraussetzungen.",
    ),
    "fr06_permit_before_old": (
        "The sponsor obtained the residence permit before {law_start}: the previous requirements apply until {transition_end}.",
        "De referentiepersoon verkreeg de verblijfsvergunning vóór {law_start}: de vorige voorwaarden gelden tot {transition_end}.",
        "Le regroupant a obtenu son titre de séjour avant le {law_start} : les conditions antérieures s'appliquent jusqu'au {transition_end}.",
        "Die Referenzperson hat den Aufenthaltstitel vor dem {law_start} erhalten: Die bisherigen Voraussetzungen gelten bis zum {transition_end}.",
    ),
    "fr06_permit_before_new": (
        "The transition for sponsors with a permit from before {law_start} ended on {transition_end}: the new requirements apply.",
        "De overgang voor referentiepersonen met een vergunning van vóór {law_start} eindigde op {transition_end}: de nieuwe voorwaarden gelden.",
        "La transition pour les regroupants titulaires d'un titre antérieur au {law_start} a pris fin le {transition_end} : les nouvelles conditions s'appliquent.",
        "Der Übergang für Referenzpersonen mit Titel vor dem {law_start} endete am {transition_end}: Es gelten die neuen Voraussetzungen.",
    ),
    "income_ok": (
        "Net monthly income {income} reaches the required {limit} ({dependants} additional {dependants:dependant|dependants}).",
        "Het netto maandinkomen {income} bereikt het vereiste bedrag van {limit} ({dependants} {dependants:bijkomende persoon|bijkomende personen} ten laste).",
        "Le revenu mensuel net {income} atteint le montant requis de {limit} ({dependants} {dependants:personne à charge supplémentaire|personnes à charge supplémentaires}).",
        "Das monatliche Nettoeinkommen {income} erreicht den erforderlichen Betrag von {limit} ({dependants} zusätzliche {dependants:unterhaltsberechtigte Person|unterhaltsberechtigte Personen}).",
    ),
    "income_low": (
        "Net monthly income {income} is below the required {limit} ({dependants} additional {dependants:dependant|dependants}): an individual needs assessment must follow, the burden of proof on the applicant.",
        "Het netto maandinkomen {income} ligt onder het vereiste bedrag van {limit} ({dependants} {dependants:bijkomende persoon|bijkomende personen} ten laste): er moet een individuele behoefteanalyse volgen, de bewijslast ligt bij de aanvrager.",
        "Le revenu mensuel net {income} est inférieur au montant requis de {limit} ({dependants} {dependants:personne à charge supplémentaire|personnes à charge supplémentaires}) : un examen individuel des besoins doit suivre, la charge de la preuve incombant au demandeur.",
        "Das monatliche Nettoeinkommen {income} liegt unter dem erforderlichen Betrag von {limit} ({dependants} zusätzliche {dependants:unterhaltsberechtigte Person|unterhaltsberechtigte Personen}): Eine individuelle Bedarfsprüfung muss folgen, die Beweislast trägt der Antragsteller.",
    ),
    # Under the previous requirements the amount is one figure whatever the family's size:
    # the supplement per dependant is new (FR-01, 002 §1.5.2 L335; FR-06).
    "income_ok_previous": (
        "Net monthly income {income} reaches the required {limit} (previous requirements: one amount, whatever the number of dependants).",
        "Het netto maandinkomen {income} bereikt het vereiste bedrag van {limit} (vorige voorwaarden: één bedrag, ongeacht het aantal personen ten laste).",
        "Le revenu mensuel net {income} atteint le montant requis de {limit} (conditions antérieures : un seul montant, quel que soit le nombre de personnes à charge).",
        "Das monatliche Nettoeinkommen {income} erreicht den erforderlichen Betrag von {limit} (bisherige Voraussetzungen: ein einziger Betrag, unabhängig von der Zahl der Unterhaltsberechtigten).",
    ),
    "income_low_previous": (
        "Net monthly income {income} is below the required {limit} (previous requirements: one amount, whatever the number of dependants): an individual needs assessment must follow, the burden of proof on the applicant.",
        "Het netto maandinkomen {income} ligt onder het vereiste bedrag van {limit} (vorige voorwaarden: één bedrag, ongeacht het aantal personen ten laste): er moet een individuele behoefteanalyse volgen, de bewijslast ligt bij de aanvrager.",
        "Le revenu mensuel net {income} est inférieur au montant requis de {limit} (conditions antérieures : un seul montant, quel que soit le nombre de personnes à charge) : un examen individuel des besoins doit suivre, la charge de la preuve incombant au demandeur.",
        "Das monatliche Nettoeinkommen {income} liegt unter dem erforderlichen Betrag von {limit} (bisherige Voraussetzungen: ein einziger Betrag, unabhängig von der Zahl der Unterhaltsberechtigten): Eine individuelle Bedarfsprüfung muss folgen, die Beweislast trägt der Antragsteller.",
    ),
    "income_low_exemption_unclear": (
        "Net monthly income {income} is below {limit}, and whether the sponsor is exempt from the income requirement is for a caseworker to decide.",
        "Het netto maandinkomen {income} ligt onder {limit}, en of de referentiepersoon vrijgesteld is van de inkomensvoorwaarde moet een dossierbehandelaar beslissen.",
        "Le revenu mensuel net {income} est inférieur à {limit}, et c'est à un agent de décider si le regroupant est dispensé de la condition de revenus.",
        "Das monatliche Nettoeinkommen {income} liegt unter {limit}; ob die Referenzperson von der Einkommensvoraussetzung befreit ist, entscheidet eine Sachbearbeiterin oder ein Sachbearbeiter.",
    ),
    "frx04_presumed": (
        "Single-permit category {category}: the income requirement is presumed met.",
        "Categorie van de gecombineerde vergunning {category}: aan de inkomensvoorwaarde wordt geacht te zijn voldaan.",
        "Catégorie de permis unique {category} : la condition de revenus est présumée remplie.",
        "Kategorie der kombinierten Erlaubnis {category}: Die Einkommensvoraussetzung gilt als erfüllt.",
    ),
    "adequate_housing_ok": (
        "The sponsor has adequate housing.",
        "De referentiepersoon beschikt over behoorlijke huisvesting.",
        "Le regroupant dispose d'un logement décent.",
        "Die Referenzperson verfügt über angemessenen Wohnraum.",
    ),
    "adequate_housing_missing": (
        "Whether the sponsor has adequate housing was not given.",
        "Of de referentiepersoon over behoorlijke huisvesting beschikt, werd niet opgegeven.",
        "Il n'a pas été indiqué si le regroupant dispose d'un logement décent.",
        "Ob die Referenzperson über angemessenen Wohnraum verfügt, wurde nicht angegeben.",
    ),
    "adequate_housing_no": (
        "The sponsor does not have adequate housing.",
        "De referentiepersoon beschikt niet over behoorlijke huisvesting.",
        "Le regroupant ne dispose pas d'un logement décent.",
        "Die Referenzperson verfügt nicht über angemessenen Wohnraum.",
    ),
    "health_insurance_ok": (
        "Health insurance covers the family.",
        "Een ziektekostenverzekering dekt het gezin.",
        "Une assurance maladie couvre la famille.",
        "Eine Krankenversicherung deckt die Familie.",
    ),
    "health_insurance_missing": (
        "Whether health insurance covers the family was not given.",
        "Of een ziektekostenverzekering het gezin dekt, werd niet opgegeven.",
        "Il n'a pas été indiqué si une assurance maladie couvre la famille.",
        "Ob eine Krankenversicherung die Familie deckt, wurde nicht angegeben.",
    ),
    "health_insurance_no": (
        "No health insurance covers the family.",
        "Geen ziektekostenverzekering dekt het gezin.",
        "Aucune assurance maladie ne couvre la famille.",
        "Keine Krankenversicherung deckt die Familie.",
    ),
    "exempt_accompanying": (
        "Family members who accompanied the sponsor are not subject to the material requirements.",
        "Gezinsleden die de referentiepersoon vergezelden, zijn niet onderworpen aan de materiële voorwaarden.",
        "Les membres de la famille qui ont accompagné le regroupant ne sont pas soumis aux conditions matérielles.",
        "Familienangehörige, die die Referenzperson begleitet haben, unterliegen nicht den materiellen Voraussetzungen.",
    ),
    "exempt_period_in": (
        "Filed within the {months}-month exemption from the material requirements (until {until}).",
        "Ingediend binnen de vrijstelling van {months} {months:maand|maanden} van de materiële voorwaarden (tot {until}).",
        "Introduite pendant la dispense de {months} mois des conditions matérielles (jusqu'au {until}).",
        "Innerhalb der {months}-monatigen Befreiung von den materiellen Voraussetzungen gestellt (bis {until}).",
    ),
    "exempt_period_out": (
        "Not filed within the {months}-month exemption from the material requirements (until {until}).",
        "Niet ingediend binnen de vrijstelling van {months} {months:maand|maanden} van de materiële voorwaarden (tot {until}).",
        "Pas introduite pendant la dispense de {months} mois des conditions matérielles (jusqu'au {until}).",
        "Nicht innerhalb der {months}-monatigen Befreiung von den materiellen Voraussetzungen gestellt (bis {until}).",
    ),
    # FRS-02 (002 §2.2.2 L622): the exemption period is 0 from 18 Aug 2025, i.e. abolished.
    "exempt_abolished": (
        "The exemption from the material requirements has been abolished (Law of 18 July 2025): the material requirements apply.",
        "De vrijstelling van de materiële voorwaarden is afgeschaft (wet van 18 juli 2025): de materiële voorwaarden gelden.",
        "La dispense des conditions matérielles a été supprimée (loi du 18 juillet 2025) : les conditions matérielles s'appliquent.",
        "Die Befreiung von den materiellen Voraussetzungen ist abgeschafft (Gesetz vom 18. Juli 2025): Die materiellen Voraussetzungen gelten.",
    ),
    "frs02_suspended_outside": (
        "The abolition of the exemption is suspended (Constitutional Court 24/2026), but the application falls outside even the former one-year exemption (until {until}).",
        "De afschaffing van de vrijstelling is geschorst (Grondwettelijk Hof 24/2026), maar de aanvraag valt ook buiten de vroegere vrijstelling van één jaar (tot {until}).",
        "La suppression de la dispense est suspendue (Cour constitutionnelle 24/2026), mais la demande sort même de l'ancienne dispense d'un an (jusqu'au {until}).",
        "Die Abschaffung der Befreiung ist ausgesetzt (Verfassungsgerichtshof 24/2026), aber der Antrag liegt auch außerhalb der früheren einjährigen Befreiung (bis {until}).",
    ),
    "frs02_suspended_within": (
        "The abolition of the exemption is suspended (Constitutional Court 24/2026) and the application falls within the former one-year exemption (until {until}): whether it revives is for a caseworker.",
        "De afschaffing van de vrijstelling is geschorst (Grondwettelijk Hof 24/2026) en de aanvraag valt binnen de vroegere vrijstelling van één jaar (tot {until}): of die herleeft, beslist een dossierbehandelaar.",
        "La suppression de la dispense est suspendue (Cour constitutionnelle 24/2026) et la demande tombe dans l'ancienne dispense d'un an (jusqu'au {until}) : c'est à un agent de décider si elle revit.",
        "Die Abschaffung der Befreiung ist ausgesetzt (Verfassungsgerichtshof 24/2026) und der Antrag fällt in die frühere einjährige Befreiung (bis {until}): Ob sie wieder auflebt, entscheidet die Sachbearbeitung.",
    ),
    "age_ok": (
        "{member} is {age}, at least the minimum age of {minimum}.",
        "{member} is {age} jaar, minstens de minimumleeftijd van {minimum} jaar.",
        "{member} a {age} {age:an|ans}, au moins l'âge minimum de {minimum} {minimum:an|ans}.",
        "{member} ist {age} {age:Jahr|Jahre} alt, mindestens das Mindestalter von {minimum} {minimum:Jahr|Jahren}.",
    ),
    "age_low": (
        "{member} is {age}, under the minimum age of {minimum}.",
        "{member} is {age} jaar, jonger dan de minimumleeftijd van {minimum} jaar.",
        "{member} a {age} {age:an|ans}, moins que l'âge minimum de {minimum} {minimum:an|ans}.",
        "{member} ist {age} {age:Jahr|Jahre} alt, jünger als das Mindestalter von {minimum} {minimum:Jahr|Jahren}.",
    ),
    "durable_ok": (
        "{member}: a durable and stable relationship is shown.",
        "{member}: een duurzame en stabiele relatie is aangetoond.",
        "{member} : une relation durable et stable est démontrée.",
        "{member}: Eine dauerhafte und stabile Beziehung ist nachgewiesen.",
    ),
    "durable_missing": (
        "{member}: proof of a durable and stable relationship was not given.",
        "{member}: het bewijs van een duurzame en stabiele relatie werd niet opgegeven.",
        "{member} : la preuve d'une relation durable et stable n'a pas été fournie.",
        "{member}: Der Nachweis einer dauerhaften und stabilen Beziehung wurde nicht erbracht.",
    ),
    "durable_no": (
        "{member}: no durable and stable relationship is shown.",
        "{member}: er is geen duurzame en stabiele relatie aangetoond.",
        "{member} : aucune relation durable et stable n'est démontrée.",
        "{member}: Es ist keine dauerhafte und stabile Beziehung nachgewiesen.",
    ),
    "bond_ok": (
        "{member}: the family bond predates the sponsor's arrival (or the child was born into the family in Belgium).",
        "{member}: de gezinsband bestond vóór de aankomst van de referentiepersoon (of het kind werd in België in het gezin geboren).",
        "{member} : le lien familial est antérieur à l'arrivée du regroupant (ou l'enfant est né dans la famille en Belgique).",
        "{member}: Die familiäre Bindung bestand vor der Ankunft der Referenzperson (oder das Kind wurde in Belgien in die Familie geboren).",
    ),
    "bond_after_arrival": (
        "{member}: the family bond was formed after the sponsor's arrival; reunification must wait for permanent residence.",
        "{member}: de gezinsband ontstond na de aankomst van de referentiepersoon; gezinshereniging moet wachten op duurzaam verblijf.",
        "{member} : le lien familial est né après l'arrivée du regroupant ; le regroupement doit attendre le séjour permanent.",
        "{member}: Die familiäre Bindung entstand nach der Ankunft der Referenzperson; die Familienzusammenführung muss den Daueraufenthalt abwarten.",
    ),
    "parents_of_uam": (
        "Parents of an unaccompanied minor with this status do not qualify for family reunification; they must apply for a humanitarian visa.",
        "Ouders van een niet-begeleide minderjarige met dit statuut komen niet in aanmerking voor gezinshereniging; zij moeten een humanitair visum aanvragen.",
        "Les parents d'un mineur non accompagné ayant ce statut ne peuvent pas bénéficier du regroupement familial ; ils doivent demander un visa humanitaire.",
        "Eltern eines unbegleiteten Minderjährigen mit diesem Status haben keinen Anspruch auf Familienzusammenführung; sie müssen ein humanitäres Visum beantragen.",
    ),
    "suspended_not_applied": (
        "This provision is suspended by the Constitutional Court (Decision 24/2026) and is not applied.",
        "Deze bepaling is geschorst door het Grondwettelijk Hof (arrest 24/2026) en wordt niet toegepast.",
        "Cette disposition est suspendue par la Cour constitutionnelle (arrêt 24/2026) et n'est pas appliquée.",
        "Diese Bestimmung ist vom Verfassungsgerichtshof ausgesetzt (Entscheid 24/2026) und wird nicht angewandt.",
    ),
    "waiting_children_exception": (
        "Only minor or dependent disabled children join the sponsor: no waiting period applies.",
        "Enkel minderjarige of afhankelijke gehandicapte kinderen komen de referentiepersoon vervoegen: er geldt geen wachttijd.",
        "Seuls des enfants mineurs ou handicapés à charge rejoignent le regroupant : aucun délai d'attente ne s'applique.",
        "Nur minderjährige oder unterhaltsberechtigte behinderte Kinder ziehen nach: Es gilt keine Wartezeit.",
    ),
    "waiting_ok": (
        "The {months}-month waiting period ended on {until}.",
        "De wachttijd van {months} {months:maand|maanden} eindigde op {until}.",
        "Le délai d'attente de {months} mois a pris fin le {until}.",
        "Die Wartezeit von {months} {months:Monat|Monaten} endete am {until}.",
    ),
    "waiting_short": (
        "The {months}-month waiting period runs until {until}.",
        "De wachttijd van {months} {months:maand|maanden} loopt tot {until}.",
        "Le délai d'attente de {months} mois court jusqu'au {until}.",
        "Die Wartezeit von {months} {months:Monat|Monaten} läuft bis zum {until}.",
    ),
    "waiting_bond_unknown": (
        "The waiting period is {short} {short:month|months} if the relationship existed before the sponsor's arrival, otherwise {months} {months:month|months}; give bond_predates_arrival for each family member.",
        "De wachttijd is {short} {short:maand|maanden} als de relatie bestond vóór de aankomst van de referentiepersoon, anders {months} {months:maand|maanden}; geef bond_predates_arrival op voor elk gezinslid.",
        "Le délai d'attente est de {short} mois si la relation existait avant l'arrivée du regroupant, sinon de {months} mois ; indiquez bond_predates_arrival pour chaque membre de la famille.",
        "Die Wartezeit beträgt {short} {short:Monat|Monate}, wenn die Beziehung vor der Ankunft der Referenzperson bestand, sonst {months} {months:Monat|Monate}; geben Sie bond_predates_arrival für jedes Familienmitglied an.",
    ),
    "frt02_regime_unclear": (
        "The two-year wait for sponsors with temporary protection applies from 18 August 2025, but the previous requirements still govern this sponsor (FR-06); which prevails is not stated.",
        "De wachttijd van twee jaar voor referentiepersonen met tijdelijke bescherming geldt vanaf 18 augustus 2025, maar voor deze referentiepersoon gelden nog de vorige voorwaarden (FR-06); wat voorgaat, wordt niet vermeld.",
        "Le délai d'attente de deux ans pour les regroupants bénéficiant de la protection temporaire s'applique depuis le 18 août 2025, mais les conditions antérieures régissent encore ce regroupant (FR-06) ; la règle qui prévaut n'est pas précisée.",
        "Die zweijährige Wartezeit für Referenzpersonen mit vorübergehendem Schutz gilt seit dem 18. August 2025, doch für diese Referenzperson gelten noch die bisherigen Voraussetzungen (FR-06); was Vorrang hat, ist nicht angegeben.",
    ),
    "fla07_pending_same": (
        "First application filed before 1 January 2026 and still pending: the old and the new Flemish rules give the same answer.",
        "Eerste aanvraag ingediend vóór 1 januari 2026 en nog hangende: de oude en de nieuwe Vlaamse regels geven hetzelfde antwoord.",
        "Première demande introduite avant le 1er janvier 2026 et toujours pendante : les anciennes et les nouvelles règles flamandes donnent la même réponse.",
        "Erstantrag vor dem 1. Januar 2026 gestellt und noch anhängig: Die alten und die neuen flämischen Regeln ergeben dieselbe Antwort.",
    ),
    # --- partial facts and open choices (issue 9 items 4 and 5) ----------------------------
    "facts_missing": (
        "Not decided yet; still needed: {facts}.",
        "Nog niet beslist; nog nodig: {facts}.",
        "Pas encore décidé ; il manque encore : {facts}.",
        "Noch nicht entschieden; es fehlt noch: {facts}.",
    ),
    "choice_same": (
        "Open question ({question}): every reading gives the same answer ({readings}).",
        "Open vraag ({question}): elke lezing geeft hetzelfde antwoord ({readings}).",
        "Question ouverte ({question}) : chaque lecture donne la même réponse ({readings}).",
        "Offene Frage ({question}): Jede Lesart ergibt dieselbe Antwort ({readings}).",
    ),
    "choice_depends": (
        "The answer depends on an open question ({question}): {readings}. A caseworker decides.",
        "Het antwoord hangt af van een open vraag ({question}): {readings}. Een dossierbehandelaar beslist.",
        "La réponse dépend d'une question ouverte ({question}) : {readings}. Un agent décide.",
        "Die Antwort hängt von einer offenen Frage ab ({question}): {readings}. Ein Sachbearbeiter entscheidet.",
    ),
    "second_parent": (
        "An accompanied minor with refugee status has no right to reunite with a second parent abroad (a discretionary grant remains possible).",
        "Een begeleide minderjarige met vluchtelingenstatus heeft geen recht op hereniging met een tweede ouder in het buitenland (een gunstmaatregel blijft mogelijk).",
        "Un mineur accompagné ayant le statut de réfugié n'a pas le droit d'être rejoint par un second parent à l'étranger (une faveur discrétionnaire reste possible).",
        "Ein begleiteter Minderjähriger mit Flüchtlingsstatus hat keinen Anspruch auf Zusammenführung mit einem zweiten Elternteil im Ausland (eine Ermessensentscheidung bleibt möglich).",
    ),
    "frx_route_ok": (
        "The ex-officio family reunification visa is possible: the bond predates the single permit and the application came with it or within six months.",
        "Het ambtshalve visum gezinshereniging is mogelijk: de band bestond vóór de gecombineerde vergunning en de aanvraag kwam samen ermee of binnen zes maanden.",
        "Le visa de regroupement familial d'office est possible : le lien est antérieur au permis unique et la demande a été introduite avec celui-ci ou dans les six mois.",
        "Das Visum zur Familienzusammenführung von Amts wegen ist möglich: Die Bindung besteht seit vor der kombinierten Erlaubnis und der Antrag kam mit ihr oder binnen sechs Monaten.",
    ),
    "frx_route_unknown": (
        "Whether the ex-officio visa route is open cannot be decided from the facts given; the regular procedure remains.",
        "Of het ambtshalve visum mogelijk is, kan uit de opgegeven feiten niet worden beslist; de gewone procedure blijft mogelijk.",
        "Les faits fournis ne permettent pas de décider si la voie du visa d'office est ouverte ; la procédure ordinaire reste possible.",
        "Ob der Weg des Visums von Amts wegen offen ist, lässt sich aus den Angaben nicht entscheiden; das reguläre Verfahren bleibt möglich.",
    ),
    "frx_route_regular": (
        "The ex-officio visa route is not open; the regular family reunification procedure applies.",
        "Het ambtshalve visum is niet mogelijk; de gewone procedure gezinshereniging geldt.",
        "La voie du visa d'office n'est pas ouverte ; la procédure ordinaire de regroupement familial s'applique.",
        "Der Weg des Visums von Amts wegen ist nicht offen; es gilt das reguläre Verfahren der Familienzusammenführung.",
    ),
    "frx04_route_closed": (
        "Single-permit category {category}: the income presumption is stated for the ex-officio route, which is not open here, so it is not applied (named choice frx04_scope).",
        "Categorie van de gecombineerde vergunning {category}: het vermoeden dat aan de inkomensvoorwaarde is voldaan, geldt voor het ambtshalve visum, dat hier niet mogelijk is; het wordt dus niet toegepast (benoemde keuze frx04_scope).",
        "Catégorie de permis unique {category} : la présomption de revenus est prévue pour la voie du visa d'office, qui n'est pas ouverte ici ; elle n'est donc pas appliquée (choix nommé frx04_scope).",
        "Kategorie der kombinierten Erlaubnis {category}: Die Einkommensvermutung gilt für den Weg des Visums von Amts wegen, der hier nicht offen ist; sie wird daher nicht angewandt (benannte Auslegung frx04_scope).",
    ),
    "frx04_route_unknown": (
        "Single-permit category {category}: the income presumption is stated for the ex-officio route, and whether that route is open is not known, so whether it applies is for a caseworker (named choice frx04_scope).",
        "Categorie van de gecombineerde vergunning {category}: het inkomensvermoeden geldt voor het ambtshalve visum, en of dat mogelijk is, is niet bekend; of het vermoeden geldt, beslist een dossierbehandelaar (benoemde keuze frx04_scope).",
        "Catégorie de permis unique {category} : la présomption de revenus est prévue pour la voie du visa d'office, dont on ignore si elle est ouverte ; c'est à un agent de décider si elle s'applique (choix nommé frx04_scope).",
        "Kategorie der kombinierten Erlaubnis {category}: Die Einkommensvermutung gilt für den Weg des Visums von Amts wegen, und ob dieser offen ist, ist nicht bekannt; ob sie gilt, entscheidet eine Sachbearbeiterin oder ein Sachbearbeiter (benannte Auslegung frx04_scope).",
    ),
    "members_differ_review": (
        "The requirements refuse {refused} but not {others}: each family member is judged on the rules that apply to them, and a caseworker decides member by member (named choice fr_member_outcomes).",
        "De voorwaarden weigeren {refused}, maar niet {others}: elk gezinslid wordt beoordeeld op de regels die voor hem gelden, en een dossierbehandelaar beslist per gezinslid (benoemde keuze fr_member_outcomes).",
        "Les conditions refusent {refused}, mais pas {others} : chaque membre de la famille est apprécié selon les règles qui s'appliquent à lui, et un agent décide membre par membre (choix nommé fr_member_outcomes).",
        "Die Voraussetzungen führen zur Ablehnung von {refused}, nicht aber von {others}: Jedes Familienmitglied wird nach den für es geltenden Regeln beurteilt, und eine Sachbearbeiterin oder ein Sachbearbeiter entscheidet für jedes Mitglied (benannte Auslegung fr_member_outcomes).",
    ),
    "members_differ_strictest": (
        "The requirements refuse {refused} but not {others}; the application is treated as one and refused (named choice fr_member_outcomes).",
        "De voorwaarden weigeren {refused}, maar niet {others}; de aanvraag wordt als één geheel behandeld en geweigerd (benoemde keuze fr_member_outcomes).",
        "Les conditions refusent {refused}, mais pas {others} ; la demande est traitée comme un tout et refusée (choix nommé fr_member_outcomes).",
        "Die Voraussetzungen führen zur Ablehnung von {refused}, nicht aber von {others}; der Antrag wird als Ganzes behandelt und abgelehnt (benannte Auslegung fr_member_outcomes).",
    ),
    "bond_proof_in_time": (
        "Proof of identity and family bond was provided on {proof}, within {months} months of the recognition (by {until}).",
        "Het bewijs van identiteit en gezinsband werd geleverd op {proof}, binnen {months} maanden na de erkenning (uiterlijk {until}).",
        "La preuve de l'identité et du lien familial a été fournie le {proof}, dans les {months} mois suivant la reconnaissance (au plus tard le {until}).",
        "Der Nachweis der Identität und der familiären Bindung wurde am {proof} erbracht, innerhalb von {months} Monaten nach der Anerkennung (bis {until}).",
    ),
    "bond_proof_late": (
        "Proof of identity and family bond was provided on {proof}, after the {months} months following the recognition (by {until}); the seeds do not say what a late proof entails, so a caseworker decides.",
        "Het bewijs van identiteit en gezinsband werd geleverd op {proof}, na de {months} maanden na de erkenning (uiterlijk {until}); de bronnen zeggen niet wat een laattijdig bewijs meebrengt, dus beslist een dossierbehandelaar.",
        "La preuve de l'identité et du lien familial a été fournie le {proof}, après les {months} mois suivant la reconnaissance (au plus tard le {until}) ; les sources ne disent pas ce qu'entraîne une preuve tardive, un agent décide donc.",
        "Der Nachweis der Identität und der familiären Bindung wurde am {proof} erbracht, nach den {months} Monaten ab der Anerkennung (bis {until}); die Quellen sagen nicht, was ein verspäteter Nachweis bewirkt, daher entscheidet eine Sachbearbeiterin oder ein Sachbearbeiter.",
    ),
    "fee_paid": (
        "{member} owes the application fee and has paid it.",
        "{member} is de aanvraagvergoeding verschuldigd en heeft ze betaald.",
        "{member} doit la redevance de demande et l'a payée.",
        "{member} schuldet die Antragsgebühr und hat sie bezahlt.",
    ),
    "fee_unpaid": (
        "{member} owes the application fee and has not paid it; the seeds do not say what non-payment entails, so a caseworker decides.",
        "{member} is de aanvraagvergoeding verschuldigd en heeft ze niet betaald; de bronnen zeggen niet wat niet-betaling meebrengt, dus beslist een dossierbehandelaar.",
        "{member} doit la redevance de demande et ne l'a pas payée ; les sources ne disent pas ce qu'entraîne le défaut de paiement, un agent décide donc.",
        "{member} schuldet die Antragsgebühr und hat sie nicht bezahlt; die Quellen sagen nicht, was die Nichtzahlung bewirkt, daher entscheidet eine Sachbearbeiterin oder ein Sachbearbeiter.",
    ),
    "fee_payment_unknown": (
        "{member} owes the application fee; whether it was paid is not stated.",
        "{member} is de aanvraagvergoeding verschuldigd; of ze betaald is, wordt niet vermeld.",
        "{member} doit la redevance de demande ; son paiement n'est pas indiqué.",
        "{member} schuldet die Antragsgebühr; ob sie bezahlt wurde, ist nicht angegeben.",
    ),
    "fee_maybe_due": (
        "Whether {member} owes the application fee depends on facts not given (whether the bond predates the sponsor's arrival, or the member's age).",
        "Of {member} de aanvraagvergoeding verschuldigd is, hangt af van feiten die niet zijn opgegeven (of de band dateert van vóór de aankomst van de referentiepersoon, of de leeftijd van het gezinslid).",
        "La question de savoir si {member} doit la redevance de demande dépend de faits non fournis (si le lien est antérieur à l'arrivée du regroupant, ou l'âge du membre).",
        "Ob {member} die Antragsgebühr schuldet, hängt von nicht angegebenen Tatsachen ab (ob die familiäre Bindung vor der Ankunft der Referenzperson bestand, oder vom Alter des Mitglieds).",
    ),
    # --- other procedures ------------------------------------------------------------------
    "bc01_other_region": (
        "The seeds describe Blue Card short-term mobility only for Brussels; the rule for region {region} is not given.",
        "De bronnen beschrijven de kortetermijnmobiliteit met een Europese blauwe kaart enkel voor Brussel; de regel voor regio {region} wordt niet gegeven.",
        "Les sources ne décrivent la mobilité de courte durée des titulaires d'une carte bleue européenne que pour Bruxelles ; la règle pour la région {region} n'est pas donnée.",
        "Die Quellen beschreiben die kurzfristige Mobilität mit der Blauen Karte EU nur für Brüssel; die Regel für die Region {region} ist nicht angegeben.",
    ),
    "bc01_not_yet": (
        "The Brussels exemption for Blue Card holders applies only from 10 July 2025.",
        "De Brusselse vrijstelling voor houders van een blauwe kaart geldt pas vanaf 10 juli 2025.",
        "L'exemption bruxelloise pour les titulaires d'une carte bleue ne s'applique qu'à partir du 10 juillet 2025.",
        "Die Brüsseler Befreiung für Inhaber einer Blauen Karte gilt erst ab dem 10. Juli 2025.",
    ),
    "bc01_not_resident": (
        "The exemption is only for Blue Card holders residing in another EU Member State.",
        "De vrijstelling geldt enkel voor houders van een blauwe kaart die in een andere EU-lidstaat verblijven.",
        "L'exemption ne vaut que pour les titulaires d'une carte bleue résidant dans un autre État membre de l'UE.",
        "Die Befreiung gilt nur für Inhaber einer Blauen Karte mit Wohnsitz in einem anderen EU-Mitgliedstaat.",
    ),
    "bc01_ok": (
        "At most {days} {days:day|days} of work in any {window}-day window (limit {maximum}): no work permit needed.",
        "Hoogstens {days} {days:werkdag|werkdagen} in elke periode van {window} {window:dag|dagen} (grens {maximum}): geen arbeidskaart nodig.",
        "Au plus {days} {days:jour|jours} de travail sur toute période de {window} {window:jour|jours} (limite {maximum}) : aucun permis de travail requis.",
        "Höchstens {days} {days:Arbeitstag|Arbeitstage} in jedem Zeitraum von {window} {window:Tag|Tagen} (Grenze {maximum}): keine Arbeitserlaubnis nötig.",
    ),
    "bc01_over": (
        "{days} {days:day|days} of work in the {window}-day window ending {end}, more than {maximum}: a work permit is needed.",
        "{days} {days:werkdag|werkdagen} in de periode van {window} {window:dag|dagen} eindigend op {end}, meer dan {maximum}: een arbeidskaart is nodig.",
        "{days} {days:jour|jours} de travail sur la période de {window} {window:jour|jours} se terminant le {end}, plus que {maximum} : un permis de travail est requis.",
        "{days} {days:Arbeitstag|Arbeitstage} im Zeitraum von {window} {window:Tag|Tagen} bis zum {end}, mehr als {maximum}: Eine Arbeitserlaubnis ist nötig.",
    ),
    "nat02_fee": (
        "A nationality application paid on {paid} costs {fee}.",
        "Een nationaliteitsaanvraag betaald op {paid} kost {fee}.",
        "Une demande de nationalité payée le {paid} coûte {fee}.",
        "Ein am {paid} bezahlter Antrag auf die Staatsangehörigkeit kostet {fee}.",
    ),
    "ip05_undated_change": (
        "{country} joined or left the fast-track procedure in 2025 on a day the seeds do not give, so whether it was in the fast track on the transfer date is unknown.",
        "{country} is in 2025 op een niet vermelde dag tot de versnelde procedure toegetreden of eruit verdwenen, dus of het op de datum van overdracht onder die procedure viel, is onbekend.",
        "{country} est entré dans la procédure accélérée ou en est sorti en 2025, à une date que les sources ne donnent pas : on ignore s'il en relevait à la date de transmission.",
        "{country} ist 2025 an einem nicht angegebenen Tag in das beschleunigte Verfahren aufgenommen oder daraus gestrichen worden; ob es am Tag der Übermittlung dazugehörte, ist unbekannt.",
    ),
    "ip05_removed_country": (
        "{country} was removed from the fast-track procedure in 2025: the fast-track time limits do not apply.",
        "{country} werd in 2025 uit de versnelde procedure geschrapt: de termijnen van de versnelde procedure gelden niet.",
        "{country} a été retiré de la procédure accélérée en 2025 : les délais de la procédure accélérée ne s'appliquent pas.",
        "{country} wurde 2025 aus dem beschleunigten Verfahren gestrichen: Die Fristen des beschleunigten Verfahrens gelten nicht.",
    ),
    "ip05_unknown_country": (
        "{country} is not among the fast-track countries the seeds name, and the full list is not given.",
        "{country} staat niet bij de landen van de versnelde procedure die de bronnen noemen, en de volledige lijst wordt niet gegeven.",
        "{country} ne figure pas parmi les pays de la procédure accélérée cités par les sources, et la liste complète n'est pas donnée.",
        "{country} gehört nicht zu den in den Quellen genannten Ländern des beschleunigten Verfahrens, und die vollständige Liste ist nicht angegeben.",
    ),
    "ip05_deadline": (
        "Applicant from {country}: the CGRS time limit is {n} {n:working day|working days}, ending on {deadline}.",
        "Verzoeker uit {country}: de termijn van het CGVS is {n} {n:werkdag|werkdagen}, tot {deadline}.",
        "Demandeur originaire de {country} : le délai du CGRA est de {n} {n:jour ouvrable|jours ouvrables}, jusqu'au {deadline}.",
        "Antragsteller aus {country}: Die Frist des GKFS beträgt {n} {n:Arbeitstag|Arbeitstage}, bis zum {deadline}.",
    ),
    "rec07_saturated": (
        "Occupancy {rate} % reaches the saturation rate of {limit} %: the network is saturated.",
        "Een bezetting van {rate} % bereikt de verzadigingsgraad van {limit} %: het netwerk is verzadigd.",
        "Un taux d'occupation de {rate} % atteint le seuil de saturation de {limit} % : le réseau est saturé.",
        "Eine Belegung von {rate} % erreicht die Sättigungsgrenze von {limit} %: Das Netz ist gesättigt.",
    ),
    "rec07_below": (
        "Occupancy {rate} % is below the saturation rate of {limit} %.",
        "Een bezetting van {rate} % ligt onder de verzadigingsgraad van {limit} %.",
        "Un taux d'occupation de {rate} % est inférieur au seuil de saturation de {limit} %.",
        "Eine Belegung von {rate} % liegt unter der Sättigungsgrenze von {limit} %.",
    ),
    "backlog": (
        "Workload {workload} {workload:dossier|dossiers} against a standard capacity of {capacity}: structural backlog {backlog}.",
        "Werklast {workload} {workload:dossier|dossiers} tegenover een normale capaciteit van {capacity}: structurele achterstand {backlog}.",
        "Charge de travail de {workload} {workload:dossier|dossiers} pour une capacité normale de {capacity} : arriéré structurel de {backlog}.",
        "Arbeitslast von {workload} {workload:Dossier|Dossiers} bei einer Normalkapazität von {capacity}: struktureller Rückstand {backlog}.",
    ),
    # --- EMP-01: Flemish duty of care in subcontracting chains -------------------------------
    "emp01_other_region": (
        "The duty of care of EMP-01 is a Flemish rule; the seeds describe no such duty elsewhere (place of work: {region}).",
        "De zorgvuldigheidsplicht van EMP-01 is een Vlaamse regel; de bronnen beschrijven zo'n plicht niet elders (plaats van tewerkstelling: {region}).",
        "Le devoir de vigilance d'EMP-01 est une règle flamande ; les sources ne décrivent pas un tel devoir ailleurs (lieu de travail : {region}).",
        "Die Sorgfaltspflicht nach EMP-01 ist eine flämische Regel; die Quellen beschreiben keine solche Pflicht anderswo (Arbeitsort: {region}).",
    ),
    "emp01_statement_given": (
        "The (sub)contractor gave the written statement that it employs no irregularly residing third-country nationals.",
        "De (onder)aannemer gaf de schriftelijke verklaring dat hij geen illegaal verblijvende onderdanen van derde landen tewerkstelt.",
        "Le (sous-)traitant a remis la déclaration écrite attestant qu'il n'occupe pas de ressortissants de pays tiers en séjour irrégulier.",
        "Der (Sub-)Unternehmer hat die schriftliche Erklärung abgegeben, dass er keine Drittstaatsangehörigen ohne rechtmäßigen Aufenthalt beschäftigt.",
    ),
    "emp01_statement_missing": (
        "The (sub)contractor did not give the written statement that it employs no irregularly residing third-country nationals.",
        "De (onder)aannemer gaf de schriftelijke verklaring niet dat hij geen illegaal verblijvende onderdanen van derde landen tewerkstelt.",
        "Le (sous-)traitant n'a pas remis la déclaration écrite attestant qu'il n'occupe pas de ressortissants de pays tiers en séjour irrégulier.",
        "Der (Sub-)Unternehmer hat die schriftliche Erklärung, keine Drittstaatsangehörigen ohne rechtmäßigen Aufenthalt zu beschäftigen, nicht abgegeben.",
    ),
    "emp01_information_given": (
        "In a high-risk sector ({sector}) the additional information on the (sub)contractor and its third-country workers was given.",
        "In een risicosector ({sector}) werd de bijkomende informatie over de (onder)aannemer en zijn werknemers uit derde landen gegeven.",
        "Dans un secteur à risque ({sector}), les informations supplémentaires sur le (sous-)traitant et ses travailleurs de pays tiers ont été fournies.",
        "In einem Risikosektor ({sector}) wurden die zusätzlichen Angaben zum (Sub-)Unternehmer und zu seinen Drittstaatsangehörigen gemacht.",
    ),
    "emp01_information_missing": (
        "In a high-risk sector ({sector}) the additional information on the (sub)contractor and its third-country workers is missing.",
        "In een risicosector ({sector}) ontbreekt de bijkomende informatie over de (onder)aannemer en zijn werknemers uit derde landen.",
        "Dans un secteur à risque ({sector}), les informations supplémentaires sur le (sous-)traitant et ses travailleurs de pays tiers manquent.",
        "In einem Risikosektor ({sector}) fehlen die zusätzlichen Angaben zum (Sub-)Unternehmer und zu seinen Drittstaatsangehörigen.",
    ),
    "emp01_nothing_to_report": (
        "Nothing is missing and no false documents were submitted: there is nothing to report.",
        "Er ontbreekt niets en er werden geen valse documenten voorgelegd: er hoeft niets gemeld te worden.",
        "Rien ne manque et aucun faux document n'a été présenté : il n'y a rien à signaler.",
        "Es fehlt nichts und es wurden keine falschen Unterlagen vorgelegt: Es ist nichts zu melden.",
    ),
    "emp01_report_before_2026": (
        "A document is missing or false documents were submitted, but the seeds state the duty to report only from 1 January 2026.",
        "Er ontbreekt een document of er werden valse documenten voorgelegd, maar de bronnen vermelden de meldingsplicht pas vanaf 1 januari 2026.",
        "Un document manque ou de faux documents ont été présentés, mais les sources ne mentionnent l'obligation de signalement qu'à partir du 1er janvier 2026.",
        "Ein Dokument fehlt oder es wurden falsche Unterlagen vorgelegt, doch die Quellen nennen die Meldepflicht erst ab dem 1. Januar 2026.",
    ),
    "emp01_report_required": (
        "A document is missing or false documents were submitted: this must be reported through the electronic desk of the Flemish Social Inspection.",
        "Er ontbreekt een document of er werden valse documenten voorgelegd: dit moet gemeld worden via het elektronische meldpunt van de Vlaamse Sociale Inspectie.",
        "Un document manque ou de faux documents ont été présentés : cela doit être signalé via le guichet électronique de l'Inspection sociale flamande.",
        "Ein Dokument fehlt oder es wurden falsche Unterlagen vorgelegt: Dies ist über die elektronische Meldestelle der Flämischen Sozialinspektion zu melden.",
    ),
    "emp01_in_grace": (
        "The day falls within the six-month grace period, which ends on {end}; what the grace period changes is not stated.",
        "De dag valt binnen de overgangsperiode van zes maanden, die eindigt op {end}; wat die periode verandert, wordt niet vermeld.",
        "Le jour tombe dans le délai de grâce de six mois, qui prend fin le {end} ; ce que ce délai change n'est pas précisé.",
        "Der Tag liegt in der sechsmonatigen Schonfrist, die am {end} endet; was die Schonfrist ändert, wird nicht angegeben.",
    ),
    "emp01_after_grace": (
        "The six-month grace period ended on {end}.",
        "De overgangsperiode van zes maanden eindigde op {end}.",
        "Le délai de grâce de six mois a pris fin le {end}.",
        "Die sechsmonatige Schonfrist endete am {end}.",
    ),
    # --- IP-03, IP-06, IP-07: international protection -------------------------------------
    "ip03_not_regular": (
        "The seeds give the period to justify an absence at the personal interview for the regular procedure only (procedure given: {kind}).",
        "De bronnen geven de termijn om een afwezigheid op het persoonlijk onderhoud te rechtvaardigen alleen voor de gewone procedure (opgegeven procedure: {kind}).",
        "Les sources ne donnent le délai pour justifier une absence à l'entretien personnel que pour la procédure ordinaire (procédure indiquée : {kind}).",
        "Die Quellen nennen die Frist zur Rechtfertigung des Fernbleibens von der persönlichen Anhörung nur für das reguläre Verfahren (angegebenes Verfahren: {kind}).",
    ),
    "ip03_deadline": (
        "Absence at the personal interview of {interview}: it must be justified within {n} {n:day|days}, by {deadline}.",
        "Afwezigheid op het persoonlijk onderhoud van {interview}: die moet binnen {n} {n:dag|dagen} gerechtvaardigd worden, uiterlijk op {deadline}.",
        "Absence à l'entretien personnel du {interview} : elle doit être justifiée dans un délai de {n} {n:jour|jours}, au plus tard le {deadline}.",
        "Fernbleiben von der persönlichen Anhörung am {interview}: Es ist binnen {n} {n:Tag|Tagen} zu rechtfertigen, spätestens am {deadline}.",
    ),
    "ip03_deadline_working": (
        "Absence at the personal interview of {interview}: it must be justified within {n} working {n:day|days}, by {deadline}.",
        "Afwezigheid op het persoonlijk onderhoud van {interview}: die moet binnen {n} {n:werkdag|werkdagen} gerechtvaardigd worden, uiterlijk op {deadline}.",
        "Absence à l'entretien personnel du {interview} : elle doit être justifiée dans un délai de {n} {n:jour ouvrable|jours ouvrables}, au plus tard le {deadline}.",
        "Fernbleiben von der persönlichen Anhörung am {interview}: Es ist binnen {n} {n:Arbeitstag|Arbeitstagen} zu rechtfertigen, spätestens am {deadline}.",
    ),
    "ip06_not_concerned": (
        "The suspension for Syrian nationals does not concern an applicant from {country}.",
        "De opschorting voor Syrische onderdanen betreft geen verzoeker uit {country}.",
        "La suspension visant les ressortissants syriens ne concerne pas un demandeur originaire de {country}.",
        "Die Aussetzung für syrische Staatsangehörige betrifft keinen Antragsteller aus {country}.",
    ),
    "ip06_suspended": (
        "The CGRS has suspended the processing of applications by Syrian nationals since the fall of the Assad regime (December 2024); it resumes on 1 November 2025.",
        "Het CGVS heeft de behandeling van verzoeken van Syrische onderdanen opgeschort sinds de val van het regime-Assad (december 2024); die wordt hervat op 1 november 2025.",
        "Le CGRA a suspendu le traitement des demandes des ressortissants syriens depuis la chute du régime Assad (décembre 2024) ; il reprend le 1er novembre 2025.",
        "Das GKFS hat die Bearbeitung von Anträgen syrischer Staatsangehöriger seit dem Sturz des Assad-Regimes (Dezember 2024) ausgesetzt; sie wird am 1. November 2025 wieder aufgenommen.",
    ),
    "ip06_resumed": (
        "The CGRS resumed the processing of applications by Syrian nationals on 1 November 2025: no suspension.",
        "Het CGVS hervatte de behandeling van verzoeken van Syrische onderdanen op 1 november 2025: geen opschorting.",
        "Le CGRA a repris le traitement des demandes des ressortissants syriens le 1er novembre 2025 : pas de suspension.",
        "Das GKFS hat die Bearbeitung von Anträgen syrischer Staatsangehöriger am 1. November 2025 wieder aufgenommen: keine Aussetzung.",
    ),
    "ip07_not_concerned": (
        "The suspension for applicants from the West Bank does not concern this applicant.",
        "De opschorting voor verzoekers uit de Westelijke Jordaanoever betreft deze verzoeker niet.",
        "La suspension visant les demandeurs originaires de Cisjordanie ne concerne pas ce demandeur.",
        "Die Aussetzung für Antragsteller aus dem Westjordanland betrifft diesen Antragsteller nicht.",
    ),
    "ip07_unrwa": (
        "The applicant from the West Bank is registered with UNRWA: the suspension does not concern them.",
        "De verzoeker uit de Westelijke Jordaanoever is bij UNRWA geregistreerd: de opschorting betreft hem niet.",
        "Le demandeur originaire de Cisjordanie est enregistré auprès de l'UNRWA : la suspension ne le concerne pas.",
        "Der Antragsteller aus dem Westjordanland ist bei der UNRWA registriert: Die Aussetzung betrifft ihn nicht.",
    ),
    "ip07_suspended": (
        "Since 12 March 2025 the CGRS has suspended the processing of applications from the West Bank by persons not registered with UNRWA; refusals of refugee status and subsidiary-protection decisions are not notified. No end is known.",
        "Sinds 12 maart 2025 heeft het CGVS de behandeling opgeschort van verzoeken uit de Westelijke Jordaanoever van personen die niet bij UNRWA geregistreerd zijn; weigeringen van de vluchtelingenstatus en beslissingen over subsidiaire bescherming worden niet betekend. Een einde is niet bekend.",
        "Depuis le 12 mars 2025, le CGRA a suspendu le traitement des demandes de Cisjordanie introduites par des personnes non enregistrées auprès de l'UNRWA ; les refus du statut de réfugié et les décisions de protection subsidiaire ne sont pas notifiés. Aucune fin n'est connue.",
        "Seit dem 12. März 2025 hat das GKFS die Bearbeitung von Anträgen aus dem Westjordanland von nicht bei der UNRWA registrierten Personen ausgesetzt; Ablehnungen der Flüchtlingseigenschaft und Entscheidungen über subsidiären Schutz werden nicht zugestellt. Ein Ende ist nicht bekannt.",
    ),
    "ip07_not_yet": (
        "The suspension for applicants from the West Bank not registered with UNRWA starts only on 12 March 2025.",
        "De opschorting voor verzoekers uit de Westelijke Jordaanoever die niet bij UNRWA geregistreerd zijn, begint pas op 12 maart 2025.",
        "La suspension visant les demandeurs de Cisjordanie non enregistrés auprès de l'UNRWA ne commence que le 12 mars 2025.",
        "Die Aussetzung für nicht bei der UNRWA registrierte Antragsteller aus dem Westjordanland beginnt erst am 12. März 2025.",
    ),
    # --- REC-08: waiting list for single men -------------------------------------------------
    "rec08_not_single_man": (
        "The waiting list concerns single male applicants only.",
        "De wachtlijst betreft alleen alleenstaande mannelijke verzoekers.",
        "La liste d'attente ne concerne que les demandeurs masculins isolés.",
        "Die Warteliste betrifft nur alleinstehende männliche Antragsteller.",
    ),
    "rec08_minor": (
        "At {age} the applicant is a minor: the waiting list concerns adult single men, and minors are given priority.",
        "Met {age} jaar is de verzoeker minderjarig: de wachtlijst betreft volwassen alleenstaande mannen, en minderjarigen krijgen voorrang.",
        "À {age} {age:an|ans}, le demandeur est mineur : la liste d'attente concerne les hommes isolés majeurs, et les mineurs sont prioritaires.",
        "Mit {age} {age:Jahr|Jahren} ist der Antragsteller minderjährig: Die Warteliste betrifft volljährige alleinstehende Männer, und Minderjährige haben Vorrang.",
    ),
    "rec08_vulnerable": (
        "An exceptional vulnerability was found: the applicant is accommodated without going on the waiting list.",
        "Er werd een uitzonderlijke kwetsbaarheid vastgesteld: de verzoeker wordt opgevangen zonder op de wachtlijst te komen.",
        "Une vulnérabilité exceptionnelle a été constatée : le demandeur est accueilli sans passer par la liste d'attente.",
        "Eine außergewöhnliche Schutzbedürftigkeit wurde festgestellt: Der Antragsteller wird ohne Warteliste aufgenommen.",
    ),
    "rec08_young_protected_elsewhere": (
        "A young man aged {age} is exempt from the waiting list, but non-vulnerable single men protected in another Member State are no longer invited: the seeds do not say which prevails.",
        "Een jonge man van {age} jaar is vrijgesteld van de wachtlijst, maar niet-kwetsbare alleenstaande mannen met bescherming in een andere lidstaat worden niet meer uitgenodigd: de bronnen zeggen niet wat voorgaat.",
        "Un jeune homme de {age} ans est exempté de la liste d'attente, mais les hommes isolés non vulnérables protégés dans un autre État membre ne sont plus invités : les sources ne disent pas ce qui prévaut.",
        "Ein junger Mann von {age} Jahren ist von der Warteliste ausgenommen, doch nicht schutzbedürftige alleinstehende Männer mit Schutz in einem anderen Mitgliedstaat werden nicht mehr eingeladen: Die Quellen sagen nicht, was vorgeht.",
    ),
    "rec08_young_men": (
        "Young men aged {low} to {high} have immediate access to reception; the applicant is {age}.",
        "Jonge mannen van {low} tot {high} jaar hebben onmiddellijk toegang tot de opvang; de verzoeker is {age}.",
        "Les jeunes hommes de {low} à {high} ans ont un accès immédiat à l'accueil ; le demandeur a {age} ans.",
        "Junge Männer von {low} bis {high} Jahren haben sofort Zugang zur Aufnahme; der Antragsteller ist {age}.",
    ),
    "rec08_vulnerability_unknown": (
        "Whether the single male applicant presents an exceptional vulnerability is not given: it decides between immediate reception and the waiting list.",
        "Of de alleenstaande mannelijke verzoeker een uitzonderlijke kwetsbaarheid vertoont, is niet opgegeven: dat beslist tussen onmiddellijke opvang en de wachtlijst.",
        "On ignore si le demandeur masculin isolé présente une vulnérabilité exceptionnelle : c'est ce qui décide entre l'accueil immédiat et la liste d'attente.",
        "Ob der alleinstehende männliche Antragsteller außergewöhnlich schutzbedürftig ist, ist nicht angegeben: Davon hängt ab, ob er sofort aufgenommen wird oder auf die Warteliste kommt.",
    ),
    "rec08_not_invited": (
        "A non-vulnerable single man who benefits from international protection in another Member State is no longer invited for a reception place.",
        "Een niet-kwetsbare alleenstaande man die internationale bescherming geniet in een andere lidstaat, wordt niet meer uitgenodigd voor een opvangplaats.",
        "Un homme isolé non vulnérable bénéficiant d'une protection internationale dans un autre État membre n'est plus invité pour une place d'accueil.",
        "Ein nicht schutzbedürftiger alleinstehender Mann, der in einem anderen Mitgliedstaat internationalen Schutz genießt, wird nicht mehr zu einem Aufnahmeplatz eingeladen.",
    ),
    "rec08_waiting_list": (
        "A single male applicant aged {age} without exceptional vulnerability is not accommodated immediately: he must first register on the waiting list.",
        "Een alleenstaande mannelijke verzoeker van {age} jaar zonder uitzonderlijke kwetsbaarheid wordt niet onmiddellijk opgevangen: hij moet zich eerst op de wachtlijst inschrijven.",
        "Un demandeur masculin isolé de {age} ans sans vulnérabilité exceptionnelle n'est pas accueilli immédiatement : il doit d'abord s'inscrire sur la liste d'attente.",
        "Ein alleinstehender männlicher Antragsteller von {age} Jahren ohne außergewöhnliche Schutzbedürftigkeit wird nicht sofort aufgenommen: Er muss sich zuerst auf die Warteliste eintragen.",
    ),
    # --- TP-02, TP-03, TP-04: temporary protection -------------------------------------------
    "tp02_in_force": (
        "Temporary protection for persons displaced from Ukraine is in force, until {end}.",
        "De tijdelijke bescherming voor ontheemden uit Oekraïne is van kracht, tot {end}.",
        "La protection temporaire des personnes déplacées d'Ukraine est en vigueur, jusqu'au {end}.",
        "Der vorübergehende Schutz für Vertriebene aus der Ukraine gilt, bis zum {end}.",
    ),
    "tp02_no_extension_known": (
        "Temporary protection was extended until {end}; the seeds describe no later extension.",
        "De tijdelijke bescherming werd verlengd tot {end}; de bronnen beschrijven geen latere verlenging.",
        "La protection temporaire a été prolongée jusqu'au {end} ; les sources ne décrivent aucune prolongation ultérieure.",
        "Der vorübergehende Schutz wurde bis zum {end} verlängert; die Quellen beschreiben keine spätere Verlängerung.",
    ),
    "tp03_child_of_beneficiary": (
        "Born after {invasion} to a mother who already holds temporary protection in Belgium: within the scope.",
        "Geboren na {invasion} uit een moeder die al tijdelijke bescherming in België heeft: valt binnen het toepassingsgebied.",
        "Né après le {invasion} d'une mère bénéficiant déjà de la protection temporaire en Belgique : dans le champ d'application.",
        "Nach dem {invasion} als Kind einer Mutter geboren, die in Belgien bereits vorübergehenden Schutz genießt: im Anwendungsbereich.",
    ),
    "tp03_born_after": (
        "Born after {invasion} to a mother without temporary protection in Belgium: outside the scope; family reunification or regularisation remain.",
        "Geboren na {invasion} uit een moeder zonder tijdelijke bescherming in België: valt buiten het toepassingsgebied; gezinshereniging of regularisatie blijven mogelijk.",
        "Né après le {invasion} d'une mère sans protection temporaire en Belgique : hors du champ d'application ; le regroupement familial ou la régularisation restent possibles.",
        "Nach dem {invasion} als Kind einer Mutter ohne vorübergehenden Schutz in Belgien geboren: außerhalb des Anwendungsbereichs; Familienzusammenführung oder Regularisierung bleiben möglich.",
    ),
    "tp03_other_group": (
        "Nationality {nationality}: the seeds describe only Ukrainian nationals; whether another group of Decision 2022/382 covers the applicant must be checked.",
        "Nationaliteit {nationality}: de bronnen beschrijven alleen Oekraïense onderdanen; of een andere groep van Besluit 2022/382 de verzoeker dekt, moet nagegaan worden.",
        "Nationalité {nationality} : les sources ne décrivent que les ressortissants ukrainiens ; il faut vérifier si un autre groupe de la décision 2022/382 couvre le demandeur.",
        "Staatsangehörigkeit {nationality}: Die Quellen beschreiben nur ukrainische Staatsangehörige; ob eine andere Gruppe des Beschlusses 2022/382 den Antragsteller erfasst, ist zu prüfen.",
    ),
    "tp03_not_resident": (
        "The applicant did not reside in Ukraine before {invasion}: outside the scope of Decision 2022/382.",
        "De verzoeker verbleef vóór {invasion} niet in Oekraïne: valt buiten het toepassingsgebied van Besluit 2022/382.",
        "Le demandeur ne résidait pas en Ukraine avant le {invasion} : hors du champ de la décision 2022/382.",
        "Der Antragsteller hatte vor dem {invasion} keinen Wohnsitz in der Ukraine: außerhalb des Anwendungsbereichs des Beschlusses 2022/382.",
    ),
    "tp03_absent": (
        "The applicant was temporarily absent from Ukraine on {invasion}: outside the scope.",
        "De verzoeker was op {invasion} tijdelijk afwezig uit Oekraïne: valt buiten het toepassingsgebied.",
        "Le demandeur était temporairement absent d'Ukraine le {invasion} : hors du champ d'application.",
        "Der Antragsteller war am {invasion} vorübergehend nicht in der Ukraine: außerhalb des Anwendungsbereichs.",
    ),
    "tp03_evidence_unknown": (
        "Residence in Ukraine on {invasion} is stated, but whether the documents prove it is not given.",
        "Verblijf in Oekraïne op {invasion} wordt verklaard, maar of de documenten het bewijzen, is niet opgegeven.",
        "La résidence en Ukraine au {invasion} est déclarée, mais on ignore si les documents la prouvent.",
        "Der Aufenthalt in der Ukraine am {invasion} wird angegeben, doch ob die Unterlagen ihn belegen, ist nicht angegeben.",
    ),
    "tp03_resident": (
        "Ukrainian national residing in Ukraine on {invasion}, with documentary evidence: within the scope.",
        "Oekraïens onderdaan die op {invasion} in Oekraïne verbleef, met bewijsstukken: valt binnen het toepassingsgebied.",
        "Ressortissant ukrainien résidant en Ukraine le {invasion}, preuves à l'appui : dans le champ d'application.",
        "Ukrainischer Staatsangehöriger mit Wohnsitz in der Ukraine am {invasion}, mit Nachweisen: im Anwendungsbereich.",
    ),
    "tp03_no_evidence": (
        "Residence in Ukraine on {invasion} is not proven by documents: refused; a resubmission with adequate documents can succeed.",
        "Verblijf in Oekraïne op {invasion} is niet met documenten bewezen: geweigerd; een nieuwe aanvraag met afdoende documenten kan slagen.",
        "La résidence en Ukraine au {invasion} n'est pas prouvée par des documents : refus ; une nouvelle demande avec des documents adéquats peut aboutir.",
        "Der Aufenthalt in der Ukraine am {invasion} ist nicht durch Unterlagen belegt: abgelehnt; ein neuer Antrag mit ausreichenden Unterlagen kann Erfolg haben.",
    ),
    "tp04_none": (
        "No temporary protection in another Member State.",
        "Geen tijdelijke bescherming in een andere lidstaat.",
        "Pas de protection temporaire dans un autre État membre.",
        "Kein vorübergehender Schutz in einem anderen Mitgliedstaat.",
    ),
    "tp04_terminated": (
        "Temporary protection in another Member State has been formally terminated.",
        "De tijdelijke bescherming in een andere lidstaat werd formeel beëindigd.",
        "La protection temporaire dans un autre État membre a été formellement levée.",
        "Der vorübergehende Schutz in einem anderen Mitgliedstaat wurde förmlich beendet.",
    ),
    "tp04_refused": (
        "Temporary protection in another Member State has not been formally terminated: temporary protection in Belgium is refused until it is.",
        "De tijdelijke bescherming in een andere lidstaat werd niet formeel beëindigd: tijdelijke bescherming in België wordt geweigerd tot dat gebeurt.",
        "La protection temporaire dans un autre État membre n'a pas été formellement levée : la protection temporaire en Belgique est refusée tant qu'elle ne l'est pas.",
        "Der vorübergehende Schutz in einem anderen Mitgliedstaat wurde nicht förmlich beendet: Vorübergehender Schutz in Belgien wird bis dahin abgelehnt.",
    ),
    "tp04_before_practice": (
        "Temporary protection in another Member State has not been formally terminated. The Aliens Act requires it, but before the end of summer 2025 the Immigration Office did not, as a rule, refuse on this ground, and the day its practice changed is not given.",
        "De tijdelijke bescherming in een andere lidstaat werd niet formeel beëindigd. De Vreemdelingenwet vereist dat, maar vóór het einde van de zomer van 2025 weigerde de Dienst Vreemdelingenzaken in de regel niet op die grond, en de dag waarop die praktijk veranderde, wordt niet gegeven.",
        "La protection temporaire dans un autre État membre n'a pas été formellement levée. La loi sur les étrangers l'exige, mais avant la fin de l'été 2025 l'Office des étrangers ne refusait pas, en règle générale, pour ce motif, et le jour où cette pratique a changé n'est pas donné.",
        "Der vorübergehende Schutz in einem anderen Mitgliedstaat wurde nicht förmlich beendet. Das Ausländergesetz verlangt dies, doch vor dem Ende des Sommers 2025 lehnte das Ausländeramt aus diesem Grund in der Regel nicht ab, und der Tag, an dem sich diese Praxis änderte, ist nicht angegeben.",
    ),
    # --- INT-WA-01: Walloon integration programme ---------------------------------------------
    "intwa01_other_region": (
        "The seeds give the three-year time limit for the Walloon integration programme only (region given: {region}).",
        "De bronnen geven de termijn van drie jaar alleen voor het Waalse inburgeringstraject (opgegeven gewest: {region}).",
        "Les sources ne donnent le délai de trois ans que pour le parcours d'intégration wallon (région indiquée : {region}).",
        "Die Quellen nennen die dreijährige Frist nur für das wallonische Integrationsprogramm (angegebene Region: {region}).",
    ),
    "intwa01_started_before": (
        "The programme's time limit started on {start}, before the amendments of January 2025: the seeds do not say whether 18 months or three years apply.",
        "De termijn van het traject begon op {start}, vóór de wijzigingen van januari 2025: de bronnen zeggen niet of 18 maanden of drie jaar gelden.",
        "Le délai du parcours a commencé le {start}, avant les modifications de janvier 2025 : les sources ne disent pas si 18 mois ou trois ans s'appliquent.",
        "Die Frist des Programms begann am {start}, vor den Änderungen vom Januar 2025: Die Quellen sagen nicht, ob 18 Monate oder drei Jahre gelten.",
    ),
    "intwa01_deadline": (
        "The Walloon integration programme must be completed within {months} {months:month|months}, by {deadline}.",
        "Het Waalse inburgeringstraject moet binnen {months} {months:maand|maanden} voltooid zijn, uiterlijk op {deadline}.",
        "Le parcours d'intégration wallon doit être achevé dans un délai de {months} mois, au plus tard le {deadline}.",
        "Das wallonische Integrationsprogramm ist binnen {months} {months:Monat|Monaten} abzuschließen, spätestens am {deadline}.",
    ),
    "intwa01_detention": (
        "Extended by the detention in a penitentiary institution ({days} {days:day|days}), the time limit would end on {deadline}; whether the extension is automatic is not stated.",
        "Verlengd met de opsluiting in een strafinrichting ({days} {days:dag|dagen}), zou de termijn eindigen op {deadline}; of die verlenging automatisch is, wordt niet vermeld.",
        "Prolongé de la détention en établissement pénitentiaire ({days} {days:jour|jours}), le délai prendrait fin le {deadline} ; il n'est pas précisé si cette prolongation est automatique.",
        "Um die Haft in einer Justizvollzugsanstalt ({days} {days:Tag|Tage}) verlängert, würde die Frist am {deadline} enden; ob die Verlängerung automatisch ist, wird nicht angegeben.",
    ),
    # --- NAT-01: naturalisation -----------------------------------------------------------------
    "nat01_discretionary": (
        "Naturalisation is granted by the federal parliament at its discretion: meeting the access condition does not grant it.",
        "De naturalisatie wordt door het federale parlement naar eigen oordeel verleend: aan de toegangsvoorwaarde voldoen, kent ze niet toe.",
        "La naturalisation est accordée par le parlement fédéral de manière discrétionnaire : remplir la condition d'accès ne l'octroie pas.",
        "Die Einbürgerung wird vom föderalen Parlament nach freiem Ermessen gewährt: Die Zugangsvoraussetzung zu erfüllen, gewährt sie nicht.",
    ),
    "nat01_minor": (
        "Naturalisation is for adults and emancipated minors; minors obtain Belgian nationality by attribution (Arts 8–12).",
        "Naturalisatie is voor meerderjarigen en ontvoogde minderjarigen; minderjarigen verkrijgen de Belgische nationaliteit door toekenning (art. 8–12).",
        "La naturalisation est réservée aux majeurs et aux mineurs émancipés ; les mineurs obtiennent la nationalité belge par attribution (art. 8 à 12).",
        "Die Einbürgerung steht Volljährigen und für mündig erklärten Minderjährigen offen; Minderjährige erhalten die belgische Staatsangehörigkeit durch Zuerkennung (Art. 8–12).",
    ),
    "nat01_stateless_ok": (
        "Recognised stateless person legally resident since {since}: {years} {years:year|years} of legal residence completed on {reached}, by {on}.",
        "Erkende staatloze met wettig verblijf sinds {since}: {years} jaar wettig verblijf voltooid op {reached}, uiterlijk op {on}.",
        "Apatride reconnu en séjour légal depuis le {since} : durée de séjour légal de {years} {years:an|ans} atteinte le {reached}, au plus tard le {on}.",
        "Anerkannter Staatenloser mit rechtmäßigem Aufenthalt seit dem {since}: {years} {years:Jahr|Jahre} rechtmäßigen Aufenthalts am {reached} vollendet, spätestens am {on}.",
    ),
    "nat01_stateless_short": (
        "Recognised stateless person legally resident since {since}: {years} {years:year|years} of legal residence are completed only on {reached}, after {on}.",
        "Erkende staatloze met wettig verblijf sinds {since}: {years} jaar wettig verblijf pas voltooid op {reached}, na {on}.",
        "Apatride reconnu en séjour légal depuis le {since} : durée de séjour légal de {years} {years:an|ans} atteinte seulement le {reached}, après le {on}.",
        "Anerkannter Staatenloser mit rechtmäßigem Aufenthalt seit dem {since}: {years} {years:Jahr|Jahre} rechtmäßigen Aufenthalts erst am {reached} vollendet, nach dem {on}.",
    ),
    "nat01_merits": (
        "Exceptional merits for Belgium (scientific, cultural, sporting, social) are claimed: only the federal parliament can weigh them.",
        "Er worden uitzonderlijke verdiensten voor België ingeroepen (wetenschappelijk, cultureel, sportief, sociaal): alleen het federale parlement kan die beoordelen.",
        "Des mérites exceptionnels pour la Belgique (scientifiques, culturels, sportifs, sociaux) sont invoqués : seul le parlement fédéral peut les apprécier.",
        "Außergewöhnliche Verdienste um Belgien (wissenschaftlich, kulturell, sportlich, sozial) werden geltend gemacht: Nur das föderale Parlament kann sie beurteilen.",
    ),
    "nat01_no_route": (
        "Neither a recognised stateless person nor claiming exceptional merits: naturalisation is not open; acquisition by declaration has its own conditions.",
        "Noch erkend staatloze noch uitzonderlijke verdiensten ingeroepen: naturalisatie staat niet open; de verkrijging door verklaring heeft eigen voorwaarden.",
        "Ni apatride reconnu ni mérites exceptionnels invoqués : la naturalisation n'est pas ouverte ; l'acquisition par déclaration a ses propres conditions.",
        "Weder anerkannter Staatenloser noch außergewöhnliche Verdienste geltend gemacht: Die Einbürgerung steht nicht offen; der Erwerb durch Erklärung hat eigene Voraussetzungen.",
    ),
    # --- THB-03: reflection period ---------------------------------------------------------------
    "thb03_end": (
        "The reflection period of {n} {n:day|days} ends on {end}.",
        "De bedenktijd van {n} {n:dag|dagen} eindigt op {end}.",
        "Le délai de réflexion de {n} {n:jour|jours} prend fin le {end}.",
        "Die Bedenkzeit von {n} {n:Tag|Tagen} endet am {end}.",
    ),
    "thb03_proposal_not_law": (
        "Myria proposes {months} {months:month|months} for victims who have suffered severe trauma; this is a recommendation, not law, and is not applied.",
        "Myria stelt {months} {months:maand|maanden} voor voor slachtoffers met een zwaar trauma; dat is een aanbeveling, geen wet, en wordt niet toegepast.",
        "Myria propose {months} mois pour les victimes ayant subi un traumatisme grave ; c'est une recommandation, pas une loi, et elle n'est pas appliquée.",
        "Myria schlägt {months} {months:Monat|Monate} für schwer traumatisierte Opfer vor; das ist eine Empfehlung, kein Gesetz, und wird nicht angewandt.",
    ),
    # --- RET-01: assisted voluntary return ---------------------------------------------------
    "ret01_not_required": (
        "Before February 2025 access to assisted voluntary return did not require an order to leave the territory.",
        "Vóór februari 2025 vereiste de toegang tot begeleide vrijwillige terugkeer geen bevel om het grondgebied te verlaten.",
        "Avant février 2025, l'accès au retour volontaire assisté n'exigeait pas d'ordre de quitter le territoire.",
        "Vor Februar 2025 setzte der Zugang zur unterstützten freiwilligen Rückkehr keine Ausreiseanordnung voraus.",
    ),
    "ret01_order": (
        "An order to leave the territory was issued: the condition for access to assisted voluntary return is met.",
        "Er werd een bevel om het grondgebied te verlaten afgegeven: aan de voorwaarde voor toegang tot begeleide vrijwillige terugkeer is voldaan.",
        "Un ordre de quitter le territoire a été délivré : la condition d'accès au retour volontaire assisté est remplie.",
        "Eine Ausreiseanordnung wurde erlassen: Die Voraussetzung für den Zugang zur unterstützten freiwilligen Rückkehr ist erfüllt.",
    ),
    "ret01_no_order": (
        "Since February 2025 access to assisted voluntary return requires a prior order to leave the territory, and none was issued.",
        "Sinds februari 2025 vereist de toegang tot begeleide vrijwillige terugkeer een voorafgaand bevel om het grondgebied te verlaten, en er werd er geen afgegeven.",
        "Depuis février 2025, l'accès au retour volontaire assisté exige un ordre préalable de quitter le territoire, et aucun n'a été délivré.",
        "Seit Februar 2025 setzt der Zugang zur unterstützten freiwilligen Rückkehr eine vorherige Ausreiseanordnung voraus, und es wurde keine erlassen.",
    ),
    "ret01_exceptional": (
        "No order to leave the territory, but the case is put forward as exceptional; the exceptional cases are not described.",
        "Geen bevel om het grondgebied te verlaten, maar het geval wordt als uitzonderlijk voorgesteld; de uitzonderlijke gevallen worden niet beschreven.",
        "Pas d'ordre de quitter le territoire, mais le cas est présenté comme exceptionnel ; les cas exceptionnels ne sont pas décrits.",
        "Keine Ausreiseanordnung, doch der Fall wird als Ausnahmefall vorgebracht; die Ausnahmefälle werden nicht beschrieben.",
    ),
}

MESSAGES: dict[str, dict[str, str]] = {
    key: dict(zip(("en", "nl", "fr", "de"), texts, strict=True)) for key, texts in _M.items()
}
#: The placeholders that choose a singular or a plural (``{n:month|months}``) in some
#: language, per template; templates without any are in ``PLAIN_MESSAGES``, filled with plain
#: ``str.format_map``.
PLURAL_FIELDS: dict[str, tuple[str, ...]] = {
    key: tuple(
        sorted({name for t in texts for _, name, spec, _ in _FORMATTER.parse(t) if spec and name})
    )
    for key, texts in _M.items()
}
PLAIN_MESSAGES: frozenset[str] = frozenset(k for k, names in PLURAL_FIELDS.items() if not names)

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
}  # fmt: skip

#: The legal acts the rulebook cites (``legal_act`` in the parameter files and procedures),
#: as (nl, fr, de). Dutch and French titles are the official ones where 002 prints them (L234,
#: L291, L333); otherwise, and for German, the act's official short name: its kind and date
#: (Wet/Loi/Gesetz, Koninklijk besluit/Arrêté royal/Königlicher Erlass …), nothing invented.
LEGAL_ACTS: dict[str, tuple[str, str, str]] = {
    "Law of 18 Jul 2025": (
        "Wet van 18 juli 2025",
        "Loi du 18 juillet 2025",
        "Gesetz vom 18. Juli 2025",
    ),
    # 002 L333 (fn 20) prints the Dutch title in full and the French one cut after
    # "l'établissement"; the French completes the Aliens Act's title as 002 L1381 gives it.
    "Law of 18 Jul 2025 amending the Aliens Act of 15 Dec 1980": (
        "Wet van 18 juli 2025 tot wijziging van de wet van 15 december 1980 betreffende de"
        " toegang tot het grondgebied, het verblijf, de vestiging en de verwijdering van"
        " vreemdelingen wat de voorwaarden voor gezinshereniging betreft",
        "Loi du 18 juillet 2025 modifiant la loi du 15 décembre 1980 sur l'accès au territoire,"
        " le séjour, l'établissement et l'éloignement des étrangers",
        "Gesetz vom 18. Juli 2025 zur Abänderung des Ausländergesetzes vom 15. Dezember 1980",
    ),
    "Aliens Act of 15 Dec 1980 as in force before the Law of 18 Jul 2025": (
        "Vreemdelingenwet van 15 december 1980, zoals van kracht vóór de wet van 18 juli 2025",
        "Loi du 15 décembre 1980 sur les étrangers, telle qu'en vigueur avant la loi du"
        " 18 juillet 2025",
        "Ausländergesetz vom 15. Dezember 1980 in der vor dem Gesetz vom 18. Juli 2025"
        " geltenden Fassung",
    ),
    "Aliens Act of 15 Dec 1980 (before the Law of 18 Jul 2025)": (
        "Vreemdelingenwet van 15 december 1980 (vóór de wet van 18 juli 2025)",
        "Loi du 15 décembre 1980 sur les étrangers (avant la loi du 18 juillet 2025)",
        "Ausländergesetz vom 15. Dezember 1980 (vor dem Gesetz vom 18. Juli 2025)",
    ),
    "Constitutional Court Decision 24/2026 of 26 Feb 2026": (
        "Arrest nr. 24/2026 van het Grondwettelijk Hof van 26 februari 2026",
        "Arrêt n° 24/2026 de la Cour constitutionnelle du 26 février 2026",
        "Entscheid Nr. 24/2026 des Verfassungsgerichtshofes vom 26. Februar 2026",
    ),
    "Programme Law of 18 Jul 2025": (
        "Programmawet van 18 juli 2025",
        "Loi-programme du 18 juillet 2025",
        "Programmgesetz vom 18. Juli 2025",
    ),
    "Royal Decree of 3 Dec 2025 (published 15 Dec 2025)": (
        "Koninklijk besluit van 3 december 2025 (bekendgemaakt op 15 december 2025)",
        "Arrêté royal du 3 décembre 2025 (publié le 15 décembre 2025)",
        "Königlicher Erlass vom 3. Dezember 2025 (veröffentlicht am 15. Dezember 2025)",
    ),
    # 002 L291 (fn 16) gives the Dutch title.
    "Flemish Government Decision of 28 Nov 2025 (VR 2025 2811 DOC.1095/2)": (
        "Besluit van de Vlaamse Regering van 28 november 2025 tot wijziging van het besluit van"
        " de Vlaamse Regering van 7 december 2018 houdende uitvoering van de wet van 30 april"
        " 1999 betreffende de tewerkstelling van buitenlandse werknemers"
        " (VR 2025 2811 DOC.1095/2)",
        "Arrêté du Gouvernement flamand du 28 novembre 2025 (VR 2025 2811 DOC.1095/2)",
        "Erlass der Flämischen Regierung vom 28. November 2025 (VR 2025 2811 DOC.1095/2)",
    ),
    # 002 L234 (fn 8) gives the Dutch title (misspelt "middengesechoolde" there).
    "Flemish Ministerial Decision of 1 Dec 2025": (
        "Ministerieel besluit van 1 december 2025 tot vaststelling van de lijst met"
        " middengeschoolde functies waarvoor een structureel tekort aan arbeidskrachten bestaat",
        "Arrêté ministériel flamand du 1er décembre 2025",
        "Flämischer Ministerialerlass vom 1. Dezember 2025",
    ),
    # The German-speaking Community's list (002 L254).
    "Ministerial Decision of 3 Jul 2025": (
        "Ministerieel besluit van 3 juli 2025",
        "Arrêté ministériel du 3 juillet 2025",
        "Ministerialerlass vom 3. Juli 2025",
    ),
    "Art. 22 §3 Brussels Decision of 16 May 2024": (
        "Art. 22 §3 Brussels besluit van 16 mei 2024",
        "Art. 22 §3 arrêté bruxellois du 16 mai 2024",
        "Art. 22 §3 Brüsseler Erlass vom 16. Mai 2024",
    ),
    "Cooperation Agreement of 22 Mar 2024": (
        "Samenwerkingsakkoord van 22 maart 2024",
        "Accord de coopération du 22 mars 2024",
        "Zusammenarbeitsabkommen vom 22. März 2024",
    ),
    "Directive (EU) 2021/1883": (
        "Richtlijn (EU) 2021/1883",
        "Directive (UE) 2021/1883",
        "Richtlinie (EU) 2021/1883",
    ),
    # IP-03 (002 §2.2.1 L593): the seed names the act by its date, publication and entry
    # into force only.
    "Law of 14 Jul 2025 (published 23 Jul 2025, in force 4 Aug 2025)": (
        "Wet van 14 juli 2025 (bekendgemaakt op 23 juli 2025, in werking op 4 augustus 2025)",
        "Loi du 14 juillet 2025 (publiée le 23 juillet 2025, en vigueur le 4 août 2025)",
        "Gesetz vom 14. Juli 2025 (veröffentlicht am 23. Juli 2025, in Kraft am 4. August 2025)",
    ),
    # EMP-01: 002 L305 (fn 17) gives the Dutch title and the Belgian Official Gazette number.
    "Flemish Government Decision of 24 Oct 2025 (C-2025/008896)": (
        "Besluit van de Vlaamse Regering van 24 oktober 2025 tot wijziging van het besluit van"
        " de Vlaamse Regering van 10 december 2010 tot uitvoering van het decreet van 10"
        " december 2010 betreffende de private arbeidsbemiddeling, wat betreft de gedragscode"
        " uitzendactiviteiten, en het besluit van de Vlaamse Regering van 7 december 2018"
        " houdende uitvoering van de wet van 30 april 1999 betreffende de tewerkstelling van"
        " buitenlandse werknemers, wat betreft de zorgvuldigheidsplicht bij"
        " ketenaansprakelijkheid (C-2025/008896)",
        "Arrêté du Gouvernement flamand du 24 octobre 2025 (C-2025/008896)",
        "Erlass der Flämischen Regierung vom 24. Oktober 2025 (C-2025/008896)",
    ),
    # TP-02, TP-03, TP-04 (002 Ch.4 L889, fn 62 L893, fn 64 L897, fn 66 L901, fn 69 L945): EU
    # acts, named as the Official Journal names them in each language (kind, number, date).
    "Council Implementing Decision (EU) 2022/382": (
        "Uitvoeringsbesluit (EU) 2022/382 van de Raad",
        "Décision d'exécution (UE) 2022/382 du Conseil",
        "Durchführungsbeschluss (EU) 2022/382 des Rates",
    ),
    "Council Implementing Decision (EU) 2022/382 of 4 Mar 2022, Art. 2": (
        "Uitvoeringsbesluit (EU) 2022/382 van de Raad van 4 maart 2022, art. 2",
        "Décision d'exécution (UE) 2022/382 du Conseil du 4 mars 2022, art. 2",
        "Durchführungsbeschluss (EU) 2022/382 des Rates vom 4. März 2022, Art. 2",
    ),
    "Council Implementing Decision (EU) 2025/1460 of 15 Jul 2025": (
        "Uitvoeringsbesluit (EU) 2025/1460 van de Raad van 15 juli 2025",
        "Décision d'exécution (UE) 2025/1460 du Conseil du 15 juillet 2025",
        "Durchführungsbeschluss (EU) 2025/1460 des Rates vom 15. Juli 2025",
    ),
    "Recital 6 of Council Implementing Decision (EU) 2025/1460": (
        "Overweging 6 van Uitvoeringsbesluit (EU) 2025/1460 van de Raad",
        "Considérant 6 de la décision d'exécution (UE) 2025/1460 du Conseil",
        "Erwägungsgrund 6 des Durchführungsbeschlusses (EU) 2025/1460 des Rates",
    ),
    "Directive 2001/55/EC, Art. 4": (
        "Richtlijn 2001/55/EG, art. 4",
        "Directive 2001/55/CE, art. 4",
        "Richtlinie 2001/55/EG, Art. 4",
    ),
    # The Aliens Act is the Law of 15 Dec 1980 (its French title at 002 L1381).
    "Art. 57/30 §2 2° Aliens Act": (
        "Art. 57/30 §2 2° Vreemdelingenwet van 15 december 1980",
        "Art. 57/30 §2 2° de la loi du 15 décembre 1980 sur les étrangers",
        "Art. 57/30 §2 Nr. 2 Ausländergesetz vom 15. Dezember 1980",
    ),
    # NAT-01 (002 Ch.8 L1347); the French name as 002 L1381 writes it.
    "Belgian Nationality Code, Arts 18–21": (
        "Wetboek van de Belgische nationaliteit, art. 18–21",
        "Code de la nationalité belge, art. 18 à 21",
        "Gesetzbuch über die belgische Staatsangehörigkeit, Art. 18–21",
    ),
}

#: The keys of ``Decision.result`` of the computations, as a reader sees them.
RESULT_LABELS: dict[str, dict[str, str]] = {
    key: dict(zip(("en", "nl", "fr", "de"), texts, strict=True))
    for key, texts in {
        "fee": ("Fee", "Kostprijs", "Montant", "Gebühr"),
        "currency": ("Currency", "Munt", "Devise", "Währung"),
        "deadline": ("Time limit ends on", "Einde van de termijn", "Fin du délai", "Fristende"),
        "working_days": ("Working days", "Werkdagen", "Jours ouvrables", "Arbeitstage"),
        "fast_track_list": (
            "Fast-track list",
            "Lijst van de versnelde procedure",
            "Liste de la procédure accélérée",
            "Liste des beschleunigten Verfahrens",
        ),
        "occupancy_rate": (
            "Occupancy rate",
            "Bezettingsgraad",
            "Taux d'occupation",
            "Belegungsquote",
        ),
        "saturated": ("Saturated", "Verzadigd", "Saturé", "Gesättigt"),
        "structural_backlog": (
            "Structural backlog",
            "Structurele achterstand",
            "Arriéré structurel",
            "Struktureller Rückstand",
        ),
        "unit": ("Unit", "Eenheid", "Unité", "Einheit"),
        # EMP-01
        "applies": ("Applies", "Van toepassing", "S'applique", "Anwendbar"),
        "written_statement_required": (
            "Written statement required",
            "Schriftelijke verklaring vereist",
            "Déclaration écrite requise",
            "Schriftliche Erklärung erforderlich",
        ),
        "additional_information_required": (
            "Additional information required",
            "Bijkomende informatie vereist",
            "Informations supplémentaires requises",
            "Zusätzliche Angaben erforderlich",
        ),
        "report_required": (
            "Report to the Flemish Social Inspection required",
            "Melding aan de Vlaamse Sociale Inspectie vereist",
            "Signalement à l'Inspection sociale flamande requis",
            "Meldung an die Flämische Sozialinspektion erforderlich",
        ),
        "grace_period": (
            "Within the grace period",
            "Binnen de overgangsperiode",
            "Dans le délai de grâce",
            "Innerhalb der Schonfrist",
        ),
        "grace_period_last_day": (
            "Last day of the grace period",
            "Laatste dag van de overgangsperiode",
            "Dernier jour du délai de grâce",
            "Letzter Tag der Schonfrist",
        ),
        # IP-03, THB-03, INT-WA-01
        "days": ("Days", "Dagen", "Jours", "Tage"),
        "day_count": (
            "Days counted as",
            "Dagen geteld als",
            "Jours comptés comme",
            "Tage gezählt als",
        ),
        "months": ("Months", "Maanden", "Mois", "Monate"),
        "end": ("Ends on", "Eindigt op", "Prend fin le", "Endet am"),
        "deadline_extended_by_detention": (
            "Time limit extended by the detention ends on",
            "Einde van de termijn verlengd met de opsluiting",
            "Fin du délai prolongé de la détention",
            "Fristende, um die Haft verlängert",
        ),
        # IP-06, IP-07
        "suspended": (
            "Processing suspended",
            "Behandeling opgeschort",
            "Traitement suspendu",
            "Bearbeitung ausgesetzt",
        ),
        "notification_on_hold": (
            "Decisions not notified",
            "Niet betekende beslissingen",
            "Décisions non notifiées",
            "Nicht zugestellte Entscheidungen",
        ),
    }.items()
}

#: Written values of ``Decision.result`` that are codes: (key, code) → four languages.
RESULT_VALUES: dict[tuple[str, str], dict[str, str]] = {
    key: dict(zip(("en", "nl", "fr", "de"), texts, strict=True))
    for key, texts in {
        ("fast_track_list", "safe"): (
            "safe countries of origin",
            "veilige landen van herkomst",
            "pays d'origine sûrs",
            "sichere Herkunftsstaaten",
        ),
        ("fast_track_list", "other"): (
            "other fast-track countries",
            "andere landen van de versnelde procedure",
            "autres pays de la procédure accélérée",
            "andere Länder des beschleunigten Verfahrens",
        ),
        ("fast_track_list", "none"): ("none", "geen", "aucune", "keine"),
        ("unit", "dossiers"): ("dossiers", "dossiers", "dossiers", "Dossiers"),
        # ip03_day_count, thb03_day_count
        ("day_count", "calendar"): (
            "calendar days",
            "kalenderdagen",
            "jours calendrier",
            "Kalendertage",
        ),
        ("day_count", "working"): ("working days", "werkdagen", "jours ouvrables", "Arbeitstage"),
        # IP-07 (002 §2.3.1 L648)
        ("notification_on_hold", "refusal_of_refugee_status"): (
            "refusals of refugee status",
            "weigeringen van de vluchtelingenstatus",
            "refus du statut de réfugié",
            "Ablehnungen der Flüchtlingseigenschaft",
        ),
        ("notification_on_hold", "subsidiary_protection"): (
            "decisions on subsidiary protection",
            "beslissingen over subsidiaire bescherming",
            "décisions de protection subsidiaire",
            "Entscheidungen über subsidiären Schutz",
        ),
        ("*", "yes"): ("yes", "ja", "oui", "ja"),
        ("*", "no"): ("no", "nee", "non", "nein"),
    }.items()
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "procedure": "Procedure",
        "date": "Date",
        "outcome": "Outcome",
        "eligible": "eligible",
        "not_eligible": "not eligible",
        "needs_review": "needs review by a caseworker",
        "incomplete": "incomplete: facts still needed",
        "computed": "computed",
        "passed": "passed",
        "failed": "FAILED",
        "undecided": "undecided",
        "note": "note",
        "note_no": "note",
        "source": "Source",
        "effective": "Parameter in force since",
        "flags": "Flags",
        "choices": "Choices",
        "single_permit": "single permit",
        "family_reunification": "family reunification",
        "blue_card_mobility": "EU Blue Card short-term mobility",
        "nationality_fee": "nationality fee",
        "procedural_deadline": "fast-track time limit",
        "reception_saturation": "reception saturation",
        "cgrs_backlog": "CGRS structural backlog",
        "temporary_protection": "temporary protection",
        "immediate_reception": "immediate access to reception",
        "naturalisation": "naturalisation",
        "voluntary_return": "assisted voluntary return",
        "interview_absence_deadline": "time limit to justify an interview absence",
        "processing_suspension": "suspension of processing",
        "subcontracting_duty_of_care": "duty of care in subcontracting chains",
        "integration_programme_deadline": "integration programme time limit",
        "reflection_period_end": "end of the reflection period",
    },
    "nl": {
        "procedure": "Procedure",
        "date": "Datum",
        "outcome": "Uitkomst",
        "eligible": "komt in aanmerking",
        "not_eligible": "komt niet in aanmerking",
        "needs_review": "te beoordelen door een dossierbehandelaar",
        "incomplete": "onvolledig: er zijn nog gegevens nodig",
        "computed": "berekend",
        "passed": "voldaan",
        "failed": "NIET VOLDAAN",
        "undecided": "onbeslist",
        "note": "opmerking",
        "note_no": "opmerking",
        "source": "Bron",
        "effective": "Parameter van kracht sinds",
        "flags": "Vlaggen",
        "choices": "Keuzes",
        "single_permit": "gecombineerde vergunning",
        "family_reunification": "gezinshereniging",
        "blue_card_mobility": "kortetermijnmobiliteit Europese blauwe kaart",
        "nationality_fee": "kostprijs van een nationaliteitsaanvraag",
        "procedural_deadline": "termijn versnelde procedure",
        "reception_saturation": "verzadiging van de opvang",
        "cgrs_backlog": "structurele achterstand CGVS",
        "temporary_protection": "tijdelijke bescherming",
        "immediate_reception": "onmiddellijke toegang tot de opvang",
        "naturalisation": "naturalisatie",
        "voluntary_return": "begeleide vrijwillige terugkeer",
        "interview_absence_deadline": "termijn om een afwezigheid op het onderhoud te rechtvaardigen",
        "processing_suspension": "opschorting van de behandeling",
        "subcontracting_duty_of_care": "zorgvuldigheidsplicht in onderaannemingsketens",
        "integration_programme_deadline": "termijn van het inburgeringstraject",
        "reflection_period_end": "einde van de bedenktijd",
    },
    "fr": {
        "procedure": "Procédure",
        "date": "Date",
        "outcome": "Résultat",
        "eligible": "éligible",
        "not_eligible": "non éligible",
        "needs_review": "à examiner par un agent",
        "incomplete": "incomplet : des données manquent encore",
        "computed": "calculé",
        "passed": "rempli",
        "failed": "NON REMPLI",
        "undecided": "indéterminé",
        "note": "remarque",
        "note_no": "remarque",
        "source": "Source",
        "effective": "Paramètre en vigueur depuis",
        "flags": "Signalements",
        "choices": "Choix",
        "single_permit": "permis unique",
        "family_reunification": "regroupement familial",
        "blue_card_mobility": "mobilité de courte durée carte bleue européenne",
        "nationality_fee": "coût d'une demande de nationalité",
        "procedural_deadline": "délai de la procédure accélérée",
        "reception_saturation": "saturation de l'accueil",
        "cgrs_backlog": "arriéré structurel du CGRA",
        "temporary_protection": "protection temporaire",
        "immediate_reception": "accès immédiat à l'accueil",
        "naturalisation": "naturalisation",
        "voluntary_return": "retour volontaire assisté",
        "interview_absence_deadline": "délai pour justifier une absence à l'entretien",
        "processing_suspension": "suspension du traitement",
        "subcontracting_duty_of_care": "devoir de vigilance dans les chaînes de sous-traitance",
        "integration_programme_deadline": "délai du parcours d'intégration",
        "reflection_period_end": "fin du délai de réflexion",
    },
    "de": {
        "procedure": "Verfahren",
        "date": "Datum",
        "outcome": "Ergebnis",
        "eligible": "erfüllt die Voraussetzungen",
        "not_eligible": "erfüllt die Voraussetzungen nicht",
        "needs_review": "von der Sachbearbeitung zu prüfen",
        "incomplete": "unvollständig: es fehlen noch Angaben",
        "computed": "berechnet",
        "passed": "erfüllt",
        "failed": "NICHT ERFÜLLT",
        "undecided": "offen",
        "note": "Hinweis",
        "note_no": "Hinweis",
        "source": "Quelle",
        "effective": "Parameter gültig seit",
        "flags": "Hinweise",
        "choices": "Auslegungen",
        "single_permit": "kombinierte Erlaubnis",
        "family_reunification": "Familienzusammenführung",
        "blue_card_mobility": "kurzfristige Mobilität Blaue Karte EU",
        "nationality_fee": "Gebühr für einen Antrag auf die Staatsangehörigkeit",
        "procedural_deadline": "Frist im beschleunigten Verfahren",
        "reception_saturation": "Sättigung der Aufnahme",
        "cgrs_backlog": "struktureller Rückstand des GKFS",
        "temporary_protection": "vorübergehender Schutz",
        "immediate_reception": "sofortiger Zugang zur Aufnahme",
        "naturalisation": "Einbürgerung",
        "voluntary_return": "unterstützte freiwillige Rückkehr",
        "interview_absence_deadline": "Frist zur Rechtfertigung des Fernbleibens von der Anhörung",
        "processing_suspension": "Aussetzung der Bearbeitung",
        "subcontracting_duty_of_care": "Sorgfaltspflicht in Subunternehmerketten",
        "integration_programme_deadline": "Frist des Integrationsprogramms",
        "reflection_period_end": "Ende der Bedenkzeit",
    },
}

# SPDX-License-Identifier: EUPL-1.2
"""Cases shared by the rulebook tests."""

SINGLE = {
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "flanders",
    "category": "highly_skilled",
    "gross_salary": "48912",
    "salary_period": "year",
    "age": 35,
}
FAMILY = {
    "procedure": "family_reunification",
    "date": "2025-09-01",
    "sponsor_status": "third_country_national",
    "sponsor_permit_date": "2023-05-01",
    "application_date": "2025-09-01",
    "net_monthly_income": "2400",
    "additional_dependants": 0,
    "family_members": [{"relationship": "spouse", "age": 30}],
    "adequate_housing": True,
    "health_insurance": True,
}
#: AMB-SAL-2: the German-speaking Community's Blue Card minimum is doubtful in the seeds.
GSC_BLUE_CARD = "single_permit.salary.german_speaking_community.eu_blue_card"
GSC_CASE = {
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "german_speaking_community",
    "category": "eu_blue_card",
    "gross_salary": "70000",
    "salary_period": "year",
}

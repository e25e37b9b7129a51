"""Studios tests: honour holders (conferred through the honours registry) to lead studios."""

from gonghui.honours import services as honours
from gonghui.studios import services

from ..competitions.conftest import member


def holder(c, union, level="city", title="model_worker"):
    m = member(c, union)
    honours.confer(acting_user=c.users["city"], title=title, level=level, year=2024, conferring_body="衡阳市人民政府",
                   member=m)
    return m


def studio(c, union=None, grade="city", by="city", lead=None):
    union = union or c.grassroots
    return services.create_studio(acting_user=c.users[by], union=union, name=f"{union.name}劳模创新工作室",
                                  lead=lead or holder(c, union), grade=grade, recognised_year=2025, field="数控加工")

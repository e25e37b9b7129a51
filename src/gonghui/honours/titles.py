"""The code table of honour titles (荣誉称号): code name, Chinese label (through gettext), whether a
person or a collective holds it, and whether it makes its holder a 劳模 for the derived tag.

An app that confers a new title adds one `Title` here; `Honour.title` takes its choices from
`choices` by reference, so a new title needs no migration (as notice kinds do).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PERSON, COLLECTIVE, EITHER = "person", "collective", "either"


@dataclass(frozen=True)
class Title:
    code: str
    label: str
    holder: str = PERSON
    # 劳模 or a title treated as one (see services.refresh_model_worker_tags for the levels).
    model_worker: bool = False


TITLES = {t.code: t for t in [
    Title("model_worker", _("model worker"), PERSON, model_worker=True),              # 劳动模范
    Title("advanced_worker", _("advanced worker"), PERSON, model_worker=True),        # 先进工作者
    Title("may_day_medal", _("May Day labour medal"), PERSON),                        # 五一劳动奖章
    Title("may_day_award", _("May Day labour award"), COLLECTIVE),                    # 五一劳动奖状
    Title("pioneer_team", _("workers' pioneer team"), COLLECTIVE),                    # 工人先锋号
    Title("may_day_pioneer_post", _("May Day pioneer post"), COLLECTIVE),             # 五一先锋岗
    Title("may_day_pioneer_collective", _("May Day pioneer collective"), COLLECTIVE),  # 五一先锋集体
    Title("may_day_model", _("May Day model"), PERSON),                               # 五一标兵
    Title("furong_post", _("Furong model post"), COLLECTIVE),                         # 芙蓉标兵岗
    Title("furong_star", _("Furong star of a hundred posts"), PERSON),                # 芙蓉百岗明星
    Title("craftsman", _("craftsman"), PERSON),                                       # 工匠
    Title("technical_expert", _("technical expert"), PERSON),                         # 技术能手
    Title("innovation_studio", _("innovation studio"), COLLECTIVE),                   # 创新工作室
]}


def choices():
    return [(t.code, t.label) for t in TITLES.values()]


def label(code):
    t = TITLES.get(code)
    return t.label if t else code


def model_worker_titles():
    return [t.code for t in TITLES.values() if t.model_worker]

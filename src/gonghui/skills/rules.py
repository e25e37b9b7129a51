"""The rulebook value 一户一产业工人 reads: the workers that make a 乡村车间 recognised."""

from gonghui.rules import rulebook


def workshop_min_workers(region=None, on=None):
    return rulebook.value("skills.workshop_min_workers", on=on, region=region)

from django.conf import settings


def shell(request):
    """What the base layout needs on every page: title, navigation, the current subtree."""
    from .navigation import breadcrumbs, current_scope_union, menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": settings.SITE_TITLE}
    return {"site_title": settings.SITE_TITLE, "menu": menu_for(user),
            "scope_union": current_scope_union(request), "trail": breadcrumbs(request)}

from django.conf import settings


def shell(request):
    """What the base layout needs on every page: title, navigation, the current subtree."""
    from django.urls import reverse

    from .help import topic_for
    from .navigation import breadcrumbs, current_scope_union, menu_for

    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    member = user is not None and user.is_authenticated and user.kind == user.Kind.MEMBER
    topic = topic_for(match.view_name if match else None, member=member)
    help_url = reverse("core:help_topic", args=[topic]) if topic else reverse("core:help")
    if user is None or not user.is_authenticated:
        return {"site_title": settings.SITE_TITLE, "help_url": help_url}
    return {"site_title": settings.SITE_TITLE, "menu": menu_for(user), "help_url": help_url,
            "scope_union": current_scope_union(request), "trail": breadcrumbs(request)}

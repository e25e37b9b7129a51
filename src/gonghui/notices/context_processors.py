def unread(request):
    """The unread count the shell shows on every page (staff header, member home)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .queries import unread_count

    return {"notice_unread": unread_count(user)}

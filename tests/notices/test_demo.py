"""The notices demo step: the demo logins find notices in their inboxes, some unread."""



from gonghui.accounts.models import User
from gonghui.notices.models import Notice
from gonghui.notices.queries import unread_count


def test_the_demo_logins_have_notices(demo):
    county = User.objects.get(username="county")
    assert unread_count(county) == 3
    member = User.objects.get(username="member")
    assert unread_count(member) == 2  # a campaign published, a claim approved
    assert Notice.objects.filter(member__user__username="member2", read_at__isnull=False).exists()
    assert county.notice_preferences.get().channel == "digest"

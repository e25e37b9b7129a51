from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/board/", views.campaign_board, name="board"),
    path("<int:pk>/publish/", views.campaign_publish, name="publish"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="cancel"),
    path("<int:pk>/draw/", views.campaign_draw, name="draw"),
    path("claims/", views.ClaimList.as_view(), name="claims"),
    path("redeem/", views.redeem, name="redeem"),
    path("redeemed/", views.RedemptionList.as_view(), name="redeemed"),
    path("bursts/", views.BurstList.as_view(), name="bursts"),
    path("me/", views.my_campaigns, name="mine"),
    path("me/<int:pk>/", views.member_campaign, name="member_campaign"),
    path("me/<int:pk>/claim/", views.member_claim, name="member_claim"),
    path("me/<int:pk>/token/", views.member_claim_token, name="member_claim_token"),
    path("me/<int:pk>/sign-up/", views.member_sign_up, name="member_sign_up"),
    path("me/claims/", views.my_claims, name="my_claims"),
    path("me/claims/<str:code>/cancel/", views.member_cancel_claim, name="member_cancel_claim"),
]

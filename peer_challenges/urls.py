from django.urls import path

from peer_challenges import views

app_name = "peer_challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("request/", views.request_council, name="request"),
    path("request/details/", views.request_details, name="request-details"),
    path("request/check/", views.request_check, name="request-check"),
    path("reply/<str:token>/", views.reply, name="reply"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/on-site.ics", views.on_site_calendar, name="on-site-calendar"),
    path("<int:pk>/requested/", views.request_done, name="request-done"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/scoping/", views.scoping, name="scoping"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.remove_member, name="team-remove"),
    path("<int:pk>/team/confirm/", views.confirm_place, name="team-confirm"),
    path(
        "<int:pk>/team/<int:member_pk>/confirmation/",
        views.record_confirmation,
        name="team-record-confirmation",
    ),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/letter/status/", views.letter_status, name="letter-status"),
    path("<int:pk>/letter/prepare/", views.prepare_letter, name="letter-prepare"),
    path("<int:pk>/letter/download/", views.download_letter, name="letter-download"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow-up"),
]

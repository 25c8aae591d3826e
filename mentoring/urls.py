from __future__ import annotations

from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("mentees/", views.mentees, name="mentees"),
    path("profile/", views.profile, name="profile"),
    path("request/", views.request_start, name="request-start"),
    path("request/check-answers/", views.request_check, name="request-check"),
    path("request/<slug:step>/", views.request_step, name="request-step"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/sent/", views.request_sent, name="request-sent"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("requests/<int:pk>/propose/", views.propose, name="propose"),
    path("board/", views.board_view, name="board"),
    path("matches/", views.match_list, name="match-list"),
    path("matches/<int:pk>/", views.match_detail, name="match-detail"),
    path("matches/<int:pk>/accept/", views.accept, name="accept"),
    path("matches/<int:pk>/decline/", views.decline, name="decline"),
    path("matches/<int:pk>/start/", views.start, name="start"),
    path("matches/<int:pk>/complete/", views.complete, name="complete"),
    path("matches/<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("matches/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("reply/<str:token>/", views.reply, name="reply"),
    path("sessions/<int:pk>/calendar.ics", views.session_calendar, name="session-calendar"),
    path("requests/<int:pk>/group-office/", views.office_ask, name="office-ask"),
    path(
        "requests/<int:pk>/group-office/<int:referral_pk>/answer/",
        views.office_answer,
        name="office-answer",
    ),
    path("mentors/", views.mentor_list, name="mentor-list"),
    path("mentors/new/", views.mentor_create, name="mentor-create"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor-edit"),
]

"""The person's Notifications page, their email switches, and undelivered messages (PMs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from notifications import forms, permissions, services
from notifications.kinds import SWITCHES
from notifications.models import CalendarFeed, Notification, SwitchedOff

PAGE_SIZE = 25


@area_required("notifications")
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_recipient(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    undelivered = (
        Notification.objects.undelivered().count()
        if permissions.can_see_undelivered(request.user)
        else 0
    )
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "unread_count": notifications.unread().count(),
            "undelivered_count": undelivered,
        },
    )


@area_required("notifications")
def notification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = permissions.get_notification_for_user(request.user, pk)
    return render(request, "notifications/notification_detail.html", {"notification": notification})


@area_required("notifications")
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one as read; with ``open``, go on to the notification's own link."""
    notification = permissions.get_notification_for_user(request.user, pk)
    services.mark_read(notification=notification, actor=request.user)
    if request.POST.get("open") and notification.link_url:
        return redirect(notification.link_url)
    return redirect("notifications:list")


@area_required("notifications")
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_all_read(actor=request.user)
    messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")


@area_required("notifications")
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    switched_off = set(
        SwitchedOff.objects.filter(user=request.user).values_list("switch", flat=True)
    )
    form = forms.SwitchesForm(
        request.POST or None,
        initial={"switched_on": [s for s in SWITCHES if s not in switched_off]},
    )
    if request.method == "POST" and form.is_valid():
        services.set_switches(user=request.user, switched_on=set(form.cleaned_data["switched_on"]))
        messages.success(request, "Your email choices are saved.")
        return redirect("notifications:settings")
    from notifications import calendars

    feed = calendars.live_feed(request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(
        request,
        "notifications/notification_settings.html",
        {"form": form, "feed": feed, "feed_url": feed_url},
    )


@area_required("notification_admin")
def undelivered_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    failed = Notification.objects.undelivered().select_related("recipient")
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/undelivered_list.html", {"page": page})


@area_required("notification_admin")
@require_POST
def undelivered_try_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = permissions.get_undelivered_for_user(request.user, pk)
    services.try_again(notification=notification, actor=request.user)
    messages.success(request, f"The message to {notification.email} will be sent again.")
    return redirect("notifications:undelivered")


@area_required("notifications")
@require_POST
def calendar_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    from notifications import calendars

    calendars.create_feed(user=request.user)
    messages.success(request, "Your calendar address is ready. Add it to your calendar app.")
    return redirect("notifications:settings")


@area_required("notifications")
@require_POST
def calendar_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    from notifications import calendars

    calendars.revoke_feed(user=request.user)
    messages.success(request, "Your calendar address has stopped working.")
    return redirect("notifications:settings")


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's events for a calendar app; a revoked or unknown address is a 404."""
    from notifications import calendars

    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"),
        token=token,
        revoked_at__isnull=True,
        user__is_active=True,
    )
    data = calendars.build_calendar(
        calendars.events_for(feed.user), name="LGA Children's Services Improvement"
    )
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")

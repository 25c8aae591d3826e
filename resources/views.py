"""The resource library: browse and search, read, download, and (programme managers) manage."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from improvement_portal.history import record_history
from resources import services
from resources.filters import ResourceFilter
from resources.forms import NewResourceForm, ResourceForm
from resources.models import Resource
from resources.permissions import can_manage_resources, get_resource_for_edit, get_resource_for_user

PAGE_SIZE = 20


@area_required("resources")
def resource_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    visible = Resource.objects.visible_to(request.user).newest_first()
    resource_filter = ResourceFilter(request.GET or None, visible=visible)
    resources = resource_filter.qs.prefetch_related("audiences", "topics")
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/resource_list.html",
        {
            "filter": resource_filter,
            "page": page,
            "searching": bool(request.GET.get("q", "").strip()),
            "can_manage": can_manage_resources(request.user),
        },
    )


@area_required("resources")
def resource_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = get_resource_for_user(request.user, slug)
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "can_manage": can_manage_resources(request.user),
            "history": record_history(resource) if can_manage_resources(request.user) else None,
        },
    )


@area_required("resources")
def resource_download(request: AuthenticatedHttpRequest, slug: str) -> FileResponse:
    resource = get_resource_for_user(request.user, slug)
    if not resource.has_file:
        raise Http404("This resource is a link to another website.")
    services.record_download(resource=resource)
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.download_name,
        content_type=resource.content_type,
    )
    patch_cache_control(response, private=True)
    return response


@area_required("resource_admin")
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewResourceForm(*_submitted(request))
    if form.is_bound and form.is_valid():
        resource = services.create_resource(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{resource.title} has been added")
        return redirect("resources:detail", slug=resource.slug)
    return render(request, "resources/resource_form.html", {"form": form, "resource": None})


@area_required("resource_admin")
def resource_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = get_resource_for_edit(request.user, slug)
    form = ResourceForm(*_submitted(request), resource=resource)
    if form.is_bound and form.is_valid():
        services.update_resource(resource=resource, actor=request.user, **form.cleaned_data)
        messages.success(request, f"{resource.title} has been updated")
        return redirect("resources:detail", slug=resource.slug)
    return render(request, "resources/resource_form.html", {"form": form, "resource": resource})


def _submitted(request: AuthenticatedHttpRequest) -> tuple:
    # An empty POST must still bind the form, so its errors are shown.
    return (request.POST, request.FILES) if request.method == "POST" else ()

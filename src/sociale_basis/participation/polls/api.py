"""Read-only API for polls and needs surveys: polls with their questions, and published results."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sociale_basis.areas.selectors import without_shapes

from . import results as poll_results
from .models import Poll, PollStatus, Question
from .serializers import PollDetailSerializer, PollResultSerializer, PollSerializer


@extend_schema_view(
    list=extend_schema(summary="List polls and needs surveys"),
    retrieve=extend_schema(summary="One poll with its questions"),
)
class PollViewSet(viewsets.ReadOnlyModelViewSet[Poll]):
    """Polls and needs surveys per area (not those still in preparation)."""

    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Poll]:
        qs = without_shapes(
            Poll.objects.exclude(status=PollStatus.DRAFT).select_related("area"), "area"
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
            )
        return qs.order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return PollDetailSerializer if self.action == "retrieve" else PollSerializer

    @extend_schema(
        summary="The published results of a poll",
        responses={
            200: PollResultSerializer,
            404: OpenApiResponse(description="Not published."),
        },
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        poll = self.get_object()
        if poll.status != PollStatus.PUBLISHED:
            raise NotFound("The results of this poll have not been published.")
        data = poll_results.results(poll)
        texts = poll_results.open_answers(poll)
        questions = [{**q, "open_answers": texts.get(q["id"], [])} for q in data["questions"]]
        return Response({**data, "questions": questions})


def register(router: DefaultRouter) -> None:
    router.register("polls", PollViewSet, basename="poll")

"""Agenda priorities: village agendas and social district agendas."""

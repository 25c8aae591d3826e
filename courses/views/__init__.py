"""Views for courses: the catalogue and sessions, the booking flow, and attendance registers."""

# Honours are written through services (audit, derived tags); no admin pages.

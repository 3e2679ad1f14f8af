package org.hindsight.incident;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface AffectedServiceRepository extends JpaRepository<AffectedService, Long> {

    List<AffectedService> findByNameIn(Collection<String> names);

    List<AffectedService> findAllByOrderByNameAsc();
}

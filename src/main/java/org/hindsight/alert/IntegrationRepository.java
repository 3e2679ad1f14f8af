package org.hindsight.alert;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface IntegrationRepository extends JpaRepository<Integration, Long> {

    List<Integration> findAllByOrderByNameAsc();

    boolean existsByNameIgnoreCase(String name);

    boolean existsByNameIgnoreCaseAndIdNot(String name, long id);
}

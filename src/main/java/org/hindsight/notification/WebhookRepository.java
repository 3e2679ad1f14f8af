package org.hindsight.notification;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface WebhookRepository extends JpaRepository<Webhook, Long> {

    List<Webhook> findAllByOrderByNameAsc();

    List<Webhook> findByEnabledTrue();

    boolean existsByNameIgnoreCase(String name);

    boolean existsByNameIgnoreCaseAndIdNot(String name, long id);
}

package org.hindsight.user;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, Long> {

    @EntityGraph(attributePaths = "roles")
    Optional<User> findWithRolesByUsername(String username);

    @EntityGraph(attributePaths = "roles")
    Optional<User> findWithRolesById(Long id);

    Optional<User> findByUsername(String username);

    /** The account linked to a person at an OpenID provider. */
    @EntityGraph(attributePaths = "roles")
    Optional<User> findWithRolesByOidcIssuerAndOidcSubject(String oidcIssuer, String oidcSubject);

    /** Accounts with this email address (any case), for linking an account to its owner's provider sign-in. */
    @EntityGraph(attributePaths = "roles")
    @Query("select u from User u where lower(u.email) = lower(:email) order by u.id")
    List<User> findWithRolesByEmail(String email);

    boolean existsByUsername(String username);

    Page<User> findAllByOrderByUsernameAsc(Pageable pageable);

    @Query("select new org.hindsight.user.AccountChoice(u.username, u.displayName) from User u"
            + " where u.enabled = true order by u.username")
    List<AccountChoice> findActiveAccounts();

    @Query("select u.username from User u where u.enabled = true and (lower(u.username) = :name"
            + " or lower(u.email) = :name or lower(u.displayName) = :name) order by u.username")
    List<String> findEnabledUsernamesNamed(String name, Pageable page);

    /** Every enabled account with its roles, one statement (the email digests go through them). */
    @Query("select distinct u from User u left join fetch u.roles where u.enabled = true order by u.id")
    List<User> findEnabledWithRoles();

    /** Locks the enabled admins, so two concurrent changes cannot both remove "the other" last admin. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u join u.roles r where r = org.hindsight.user.Role.ADMIN and u.enabled = true")
    List<User> lockEnabledAdmins();

    @Query("select count(u) from User u join u.roles r where r = org.hindsight.user.Role.ADMIN and u.enabled = true")
    long countEnabledAdmins();

    /** The timeline order alone, without raising the account's version (see UserService#setTimelineOrder). */
    @Modifying(clearAutomatically = true)
    @Query("update User u set u.timelineOrder = :order where u.id = :id")
    int setTimelineOrder(long id, TimelineOrder order);
}
